--TEST--
Out of memory in the C++ code becomes an Error, never a crash (std::bad_alloc stays inside the extension)
--EXTENSIONS--
smtp
posix
--SKIPIF--
<?php if (getenv('USE_ZEND_ALLOC') === '0') die('skip valgrind keeps its own address-space limits'); ?>
--FILE--
<?php
// A 64 MB array key: copying it into a C++ string is the extension's first
// allocation, made while the address space is capped 32 MB above its use.
$key = str_repeat('k', 64 << 20);
$settings = [$key => 'x'];
preg_match('/^VmSize:\s+(\d+) kB/m', file_get_contents('/proc/self/status'), $m);
$limits = posix_getrlimit();
$hard = $limits['hard totalmem'];
var_dump(posix_setrlimit(POSIX_RLIMIT_AS, ((int) $m[1] << 10) + (32 << 20), $hard === 'unlimited' ? POSIX_RLIMIT_INFINITY : (int) $hard));
try {
    Smtp\Config::fromArray($settings);
} catch (Throwable $e) {
    echo get_class($e), ': ', $e->getMessage(), "\n";
}
posix_setrlimit(POSIX_RLIMIT_AS, $hard === 'unlimited' ? POSIX_RLIMIT_INFINITY : (int) $hard, $hard === 'unlimited' ? POSIX_RLIMIT_INFINITY : (int) $hard);
var_dump(Smtp\Config::fromArray(['host' => 'localhost'])->host);
?>
--EXPECT--
bool(true)
Error: Out of memory in the SMTP extension
string(9) "localhost"
