# cmake -DROOT=<core directory> -P CheckLayerIncludes.cmake
#
# Fails when a file under ROOT includes through a parent-relative path ("../x.h"): such an include
# is found beside the including file, past the per-layer include path that keeps each layer of the
# core from using the layers above it (core/CMakeLists.txt). Write "core/<layer>/x.h" instead.
file(GLOB_RECURSE files ${ROOT}/*.h ${ROOT}/*.cpp)
set(bad "")
foreach(f IN LISTS files)
    file(STRINGS ${f} lines REGEX "^[ \t]*#[ \t]*include[ \t]*\"[^\"]*\\.\\./")
    foreach(line IN LISTS lines)
        file(RELATIVE_PATH rel ${ROOT}/.. ${f})
        string(STRIP "${line}" line)
        string(APPEND bad "\n  ${rel}: ${line}")
    endforeach()
endforeach()
if(bad)
    message(FATAL_ERROR "parent-relative includes in the core bypass the layer include paths "
        "(write \"core/<layer>/...\"):${bad}")
endif()
