<?php
/**
 * Copies the attachments of a queued message into a folder of its own, so a
 * file the caller deletes after wp_mail() returns (a generated invoice in
 * /tmp, an upload being cleaned up) is still there when the queue sends.
 * The folder lives under uploads, closed to web requests, one sub-folder per
 * log row, removed when the row reaches a final state.
 */

if (!defined('ABSPATH')) {
    exit;
}

final class Native_SMTP_Attachment_Store
{
    private const DIR = 'native-smtp-queue';

    public static function base(): string
    {
        $uploads = wp_upload_dir(null, false);
        return trailingslashit($uploads['basedir']) . self::DIR;
    }

    /**
     * Copies each file into the row's folder.
     *
     * @param array<int|string, string> $files name => path or path
     * @return array<int|string, string> the same keys, paths of the copies
     * @throws RuntimeException when a file cannot be read or copied: then nothing is queued
     */
    public static function keep(int $log_id, array $files): array
    {
        if (!$files) {
            return [];
        }
        $dir = self::prepare() . '/' . $log_id;
        if (!is_dir($dir) && !mkdir($dir, 0700, true) && !is_dir($dir)) {
            throw new RuntimeException("cannot create $dir");
        }
        $copies = [];
        $n = 0;
        foreach ($files as $key => $path) {
            $path = (string) $path;
            if (!is_file($path) || !is_readable($path)) {
                throw new RuntimeException(sprintf('attachment %s cannot be read', $path));
            }
            // A counter keeps two files of the same base name apart; the base name stays, as the attachment's name.
            $sub = $dir . '/' . $n++;
            if (!is_dir($sub) && !mkdir($sub, 0700) && !is_dir($sub)) {
                throw new RuntimeException("cannot create $sub");
            }
            $copy = $sub . '/' . wp_basename($path);
            if (!copy($path, $copy)) {
                throw new RuntimeException(sprintf('attachment %s could not be copied to %s', $path, $copy));
            }
            $copies[$key] = $copy;
        }
        return $copies;
    }

    public static function remove(int $log_id): void
    {
        $dir = self::base() . '/' . $log_id;
        if (!is_dir($dir)) {
            return;
        }
        $items = new RecursiveIteratorIterator(new RecursiveDirectoryIterator($dir, FilesystemIterator::SKIP_DOTS), RecursiveIteratorIterator::CHILD_FIRST);
        foreach ($items as $item) {
            $item->isDir() ? rmdir($item->getPathname()) : unlink($item->getPathname());
        }
        rmdir($dir);
    }

    /** The base folder with files that refuse web access (Apache 2.2 and 2.4, IIS) and hide a listing. */
    private static function prepare(): string
    {
        $base = self::base();
        if (!is_dir($base) && !wp_mkdir_p($base)) {
            throw new RuntimeException("cannot create $base");
        }
        $guards = [
            '.htaccess'  => "<IfModule mod_authz_core.c>\nRequire all denied\n</IfModule>\n<IfModule !mod_authz_core.c>\nDeny from all\n</IfModule>\n",
            'web.config' => "<?xml version=\"1.0\"?>\n<configuration><system.webServer><authorization><deny users=\"*\" /></authorization></system.webServer></configuration>\n",
            'index.php'  => "<?php\n// Silence is golden.\n",
        ];
        foreach ($guards as $name => $content) {
            if (!is_file("$base/$name")) {
                file_put_contents("$base/$name", $content);
            }
        }
        return $base;
    }
}
