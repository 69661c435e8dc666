<?php
// Symfony from Debian's packages (or from a vendor/ folder when Composer
// installed it), and this package's classes by PSR-4.
$vendor = dirname(__DIR__) . '/vendor/autoload.php';
if (is_file($vendor)) {
    require $vendor;
} else {
    require_once 'Symfony/Component/Mailer/autoload.php';
    require_once 'Symfony/Component/Messenger/autoload.php';
    require_once 'Symfony/Component/Messenger/Bridge/Redis/autoload.php';
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
