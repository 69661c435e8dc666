// File paths from PHP code (attachments, the CA file) obey PHP's own rules
// before the core opens them: no NUL byte (which would cut the path short in
// C), open_basedir, and relative paths taken from PHP's working directory
// (which, in a thread-safe build, is not the process's).
#include "glue.h"

extern "C" {
#include "main/fopen_wrappers.h"
#include "main/php_globals.h"
}

std::string smtp_local_path(const std::string& path, const char* what) {
    if (path.find('\0') != std::string::npos)
        smtp::throw_invalid_argument(std::string(what) + " path contains a NUL byte; give the file's real path");
    char resolved[MAXPATHLEN];
    if (!expand_filepath(path.c_str(), resolved))
        smtp::throw_invalid_argument(std::string(what) + " path \"" + path + "\" cannot be resolved; give an existing file's path");
    // 0: no PHP warning (an error handler is user code, and C++ objects are alive here).
    if (php_check_open_basedir_ex(resolved, 0) != 0)
        smtp::throw_invalid_argument(std::string(what) + " \"" + path + "\" is outside open_basedir (" + PG(open_basedir) +
                                     "); move the file there or widen open_basedir");
    return resolved;
}
