// A stand-in for quantlens-hdf5-reader that speaks its protocol (core/io/hdf5protocol.h) and then
// misbehaves the way libhdf5 does on hostile files, so the tests can check that QuantLens survives:
// QL_FAKE_READER=crash_attributes dies of SIGSEGV while "reading attribute /bad",
// QL_FAKE_READER=hang_read never answers a read.
#include "core/io/hdf5protocol.h"

#include <csignal>
#include <cstdlib>
#include <cstring>
#include <string>
#include <unistd.h>

using nlohmann::json;
namespace ipc = ql::hdf5ipc;

int main(int argc, char** argv)
{
    if (argc < 2)
        return 2;
    const int fd = std::atoi(argv[1]);
    const char* m = std::getenv("QL_FAKE_READER");
    const std::string mode = m ? m : "";
    for (;;) {
        json req;
        uint64_t blob = 0;
        if (ipc::receiveHeader(fd, req, blob, 0) != ipc::Io::Ok)
            return 0;
        const std::string op = req.value("op", "");
        if (op == "open") {
            ipc::send(fd, json { { "doing", "open_file" }, { "object", "" } });
            json w { { "path", "w" }, { "kind", "dataset" }, { "class", "float" }, { "size", 4 }, { "signed", false }, { "dims", { 2 } },
                { "stored", 8 }, { "external", false } };
            ipc::send(fd, json { { "ok", { { "file", 1 }, { "bytes", 4096 }, { "objects", json::array({ w }) } } } });
        } else if (op == "attributes") {
            if (mode == "crash_attributes") {
                ipc::send(fd, json { { "doing", "read_attribute" }, { "object", "/bad" } });
                std::raise(SIGSEGV);
            }
            ipc::send(fd, json { { "ok", json::object() } });
        } else if (op == "read") {
            ipc::send(fd, json { { "doing", "read_dataset" }, { "object", "w" } });
            if (mode == "hang_read")
                for (;;)
                    ::pause();
            const float v[2] = { 1, 2 };
            ipc::send(fd, json { { "ok", true } }, v, sizeof v);
        } else {
            ipc::send(fd, json { { "ok", nullptr } });
        }
    }
}
