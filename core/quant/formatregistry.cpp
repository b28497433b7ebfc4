// The registry of number formats: every family's formats, by id and by name (see numberformat.h).
// A new type is listed by its family's add function; nothing else here changes.
#include "numberformat.h"

#include "core/quant/family/families.h"

#include "core/util/error.h"

#include <array>

namespace ql {

namespace {
    constexpr size_t kMaxIds = 64;

    struct Registry {
        std::vector<const NumberFormat*> all;
        std::array<const NumberFormat*, kMaxIds> byId {};
        std::array<const NumberFormat*, 9> intByBits {};

        Registry()
        {
            family::addInt(all);
            family::addMiniFloat(all);
            family::addMx(all);
            family::addNvFp4(all);
            family::addLookup(all);
            family::addGgmlClassic(all);
            family::addGgmlKQuant(all);
            family::addGgmlIq4(all);
            family::addGgmlTernary(all);
            family::addGgmlFloat(all);
            family::addGgmlIq3(all);
            family::addGgmlIq2(all);
            family::addGgmlIq1(all);
            for (const NumberFormat* f : all) {
                if (f->id() == QFormat::Int) {
                    intByBits[size_t(f->bits())] = f;
                    continue;
                }
                byId.at(size_t(f->id())) = f;
            }
            byId[size_t(QFormat::Int)] = intByBits[8];
        }
    };

    const Registry& registry()
    {
        static const Registry r;
        return r;
    }

    [[noreturn]] void unknown(QFormat f)
    {
        throw Error(ErrorCode::BadSpec, {}, { std::to_string(int(f)), "no such number format", "" });
    }
} // namespace

const NumberFormat& formatOf(const QuantSpec& s)
{
    const Registry& r = registry();
    if (s.format == QFormat::Int) {
        if (s.bits < 2 || s.bits > 8)
            throw Error(
                ErrorCode::BadSpec, {}, { "int" + std::to_string(s.bits), "integer formats have 2 to 8 bits", "" });
        return *r.intByBits[size_t(s.bits)];
    }
    return formatOf(s.format);
}

const NumberFormat& formatOf(QFormat f)
{
    const Registry& r = registry();
    const size_t i = size_t(f);
    if (i >= kMaxIds || !r.byId[i])
        unknown(f);
    return *r.byId[i];
}

const NumberFormat* findFormat(std::string_view name)
{
    for (const NumberFormat* f : registry().all)
        if (name == f->name())
            return f;
    return nullptr;
}

const std::vector<const NumberFormat*>& allFormats()
{
    return registry().all;
}

} // namespace ql
