#include "guard.h"

#include <exception>
#include <stdexcept>

namespace ql {

void rethrowAsError(const std::string& file)
{
    try {
        throw;
    } catch (const Error&) {
        throw;
    } catch (const std::bad_alloc&) {
        throw Error(ErrorCode::OutOfMemory, file);
    } catch (const std::length_error&) { // a container asked for more than it can hold
        throw Error(ErrorCode::OutOfMemory, file);
    } catch (const std::exception& e) {
        throw Error(ErrorCode::Unexpected, file, { e.what() });
    } catch (...) {
        throw Error(ErrorCode::Unexpected, file, { "an exception of unknown type" });
    }
}

} // namespace ql
