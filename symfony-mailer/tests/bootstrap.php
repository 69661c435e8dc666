<?php
// Symfony from Debian's packages (or from a vendor/ folder when Composer
// installed it), and this package's classes by PSR-4.
$vendor = dirname(__DIR__) . '/vendor/autoload.php';
if (is_file($vendor)) {
    require $vendor;
} else {
    require_once 'Symfony/Component/Mailer/autoload.php';
    // Messenger is optional: only the worker examples and their tests need it.
    foreach (['Symfony/Component/Messenger/autoload.php', 'Symfony/Component/Messenger/Bridge/Redis/autoload.php'] as $file) {
        if (stream_resolve_include_path($file)) {
            require_once $file;
        }
    }
}
spl_autoload_register(static function (string $class): void {
    foreach (['NativeSmtp\\Symfony\\Mailer\\Tests\\' => __DIR__, 'NativeSmtp\\Symfony\\Mailer\\' => dirname(__DIR__) . '/src'] as $prefix => $dir) {
        if (str_starts_with($class, $prefix)) {
            $file = $dir . '/' . str_replace('\\', '/', substr($class, strlen($prefix))) . '.php';
            if (is_file($file)) {
                require $file;
            }
            return;
        }
    }
});
