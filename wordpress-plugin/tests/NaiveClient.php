<?php
/**
 * An HTTP client as an attacker writes it: it keeps the FIRST Set-Cookie of
 * each name and ignores later ones (such as the expiring cookies
 * wp_clear_auth_cookie() sends after a valid one in the same response).
 */
final class Native_SMTP_Naive_Client
{
    /** name => value */
    public array $cookies = [];
    /** Set-Cookie lines of the last response, in order. */
    public array $set_cookie = [];

    public function __construct(private string $base)
    {
    }

    /** @return array{0: int, 1: string, 2: string} status, headers, body */
    public function request(string $path, ?array $post = null, array $headers = []): array
    {
        $this->set_cookie = [];
        $seen = [];
        $curl = curl_init($this->base . $path);
        $cookie = implode('; ', array_map(fn($k, $v) => "$k=$v", array_keys($this->cookies), $this->cookies));
        curl_setopt_array($curl, [CURLOPT_RETURNTRANSFER => true, CURLOPT_HEADER => true, CURLOPT_TIMEOUT => 30,
            CURLOPT_HTTPHEADER => array_merge($headers, $cookie === '' ? [] : ["Cookie: $cookie"]),
            CURLOPT_HEADERFUNCTION => function ($curl, string $line) use (&$seen) {
                if (preg_match('/^Set-Cookie:\s*([^=;\s]+)=([^;]*)/i', $line, $m)) {
                    $this->set_cookie[] = trim($line);
                    if (!isset($seen[$m[1]])) {
                        $seen[$m[1]] = true;
                        $this->cookies[$m[1]] = $m[2];
                    }
                }
                return strlen($line);
            }]);
        if ($post !== null) {
            curl_setopt($curl, CURLOPT_POSTFIELDS, http_build_query($post));
        }
        $response = curl_exec($curl);
        if ($response === false) {
            throw new RuntimeException("HTTP $path: " . curl_error($curl));
        }
        $size = curl_getinfo($curl, CURLINFO_HEADER_SIZE);
        return [curl_getinfo($curl, CURLINFO_RESPONSE_CODE), substr($response, 0, $size), substr($response, $size)];
    }

    /** True when the site answers wp-admin/profile.php with the profile (a session), not a redirect to the login. */
    public function has_session(): bool
    {
        [$status, , $body] = $this->request('/wp-admin/profile.php');
        return $status === 200 && strpos($body, 'id="your-profile"') !== false;
    }
}
