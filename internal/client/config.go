package client

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"strings"
)

// Regions lists the IT Glue regions, in the order shown to users.
func Regions() []string { return []string{"us", "eu", "au"} }

// regionURL maps a region name to its API base URL. API keys are bound to
// the region they were created in.
func regionURL(region string) (string, bool) {
	switch region {
	case "us":
		return "https://api.itglue.com", true
	case "eu":
		return "https://api.eu.itglue.com", true
	case "au":
		return "https://api.au.itglue.com", true
	}
	return "", false
}

// DefaultRegion is used when neither a region nor a base URL is given.
const DefaultRegion = "us"

// Environment variables read by ConfigFromEnv.
const (
	EnvRegion     = "ITGLUE_REGION"
	EnvBaseURL    = "ITGLUE_BASE_URL"
	EnvAPIKey     = "ITGLUE_API_KEY"
	EnvAPIKeyFile = "ITGLUE_API_KEY_FILE"
)

// Config says where the API is and how to authenticate. Build it with
// ConfigFromEnv (and override BaseURL from --region/--base-url flags with
// ResolveBaseURL); the key never comes from a command-line flag.
type Config struct {
	// BaseURL is the API root, e.g. https://api.eu.itglue.com. It must use
	// HTTPS unless the host is a loopback address.
	BaseURL string
	// APIKey is sent in the x-api-key header. It is never printed.
	APIKey string
}

// String describes the config without the key.
func (c Config) String() string {
	k := "unset"
	if c.APIKey != "" {
		k = "set"
	}
	return fmt.Sprintf("itglue config{base URL %s, API key %s}", c.BaseURL, k)
}

// GoString keeps %#v from printing the key.
func (c Config) GoString() string { return c.String() }

// Format prints String for every verb (%d or %x would otherwise print the
// fields, key included).
func (c Config) Format(f fmt.State, _ rune) { fmt.Fprint(f, c.String()) }

// RegionURL returns the base URL of an IT Glue region (us, eu or au).
func RegionURL(region string) (string, error) {
	u, ok := regionURL(strings.ToLower(strings.TrimSpace(region)))
	if !ok {
		return "", fmt.Errorf("unknown IT Glue region %q: use one of %s, or set %s (--base-url) to an API root", region, strings.Join(Regions(), ", "), EnvBaseURL)
	}
	return u, nil
}

// ResolveBaseURL picks the base URL from an explicit URL (which wins) or a
// region name; both empty means the default region.
func ResolveBaseURL(region, baseURL string) (string, error) {
	if b := strings.TrimSpace(baseURL); b != "" {
		if _, err := checkBaseURL(b); err != nil {
			return "", err
		}
		return strings.TrimRight(b, "/"), nil
	}
	if strings.TrimSpace(region) == "" {
		region = DefaultRegion
	}
	return RegionURL(region)
}

// ConfigFromEnv reads ITGLUE_REGION or ITGLUE_BASE_URL, and the key from
// ITGLUE_API_KEY or the file named by ITGLUE_API_KEY_FILE (surrounding
// whitespace trimmed).
func ConfigFromEnv(getenv func(string) string) (Config, error) {
	base, err := ResolveBaseURL(getenv(EnvRegion), getenv(EnvBaseURL))
	if err != nil {
		return Config{}, err
	}
	key := strings.TrimSpace(getenv(EnvAPIKey))
	file := strings.TrimSpace(getenv(EnvAPIKeyFile))
	switch {
	case key != "" && file != "":
		return Config{}, fmt.Errorf("both %s and %s are set: set only one", EnvAPIKey, EnvAPIKeyFile)
	case file != "":
		b, err := os.ReadFile(file)
		if err != nil {
			return Config{}, fmt.Errorf("reading the API key from %s (%s): %w", file, EnvAPIKeyFile, err)
		}
		key = strings.TrimSpace(string(b))
		if key == "" {
			return Config{}, fmt.Errorf("the API key file %s (%s) is empty", file, EnvAPIKeyFile)
		}
	case key == "":
		return Config{}, fmt.Errorf("no IT Glue API key: set %s, or %s to a file holding it", EnvAPIKey, EnvAPIKeyFile)
	}
	if err := checkKey(key); err != nil {
		return Config{}, err
	}
	return Config{BaseURL: base, APIKey: key}, nil
}

// checkKey rejects a missing key, or one that cannot travel in a header
// (a line break from a key file holding more than the key, say). The
// message never shows the key.
func checkKey(key string) error {
	if key == "" {
		return fmt.Errorf("no IT Glue API key: set %s, or %s to a file holding it", EnvAPIKey, EnvAPIKeyFile)
	}
	for _, r := range key {
		if r <= ' ' || r == 0x7f || r > '~' {
			return fmt.Errorf("the IT Glue API key contains a space, line break or other character an API key cannot hold: check that %s (or the file named by %s) holds only the key", EnvAPIKey, EnvAPIKeyFile)
		}
	}
	return nil
}

// checkBaseURL parses a base URL and enforces HTTPS for anything that is not
// a loopback host.
func checkBaseURL(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimRight(raw, "/"))
	if err != nil {
		return nil, fmt.Errorf("invalid IT Glue base URL %q: %w", raw, err)
	}
	if u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return nil, fmt.Errorf("invalid IT Glue base URL %q: want an absolute http(s) URL such as https://api.itglue.com", raw)
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("invalid IT Glue base URL %q: it must not carry a query or fragment", raw)
	}
	if u.User != nil {
		return nil, errors.New("invalid IT Glue base URL: it must not carry user info; the key goes in ITGLUE_API_KEY")
	}
	if u.Scheme == "http" && !isLoopback(u.Hostname()) {
		return nil, fmt.Errorf("refusing plain http for %s: the API key would travel unencrypted; use https (http is allowed only for loopback hosts such as 127.0.0.1 or localhost)", u.Host)
	}
	return u, nil
}

// isLoopback reports whether host is localhost, 127.0.0.0/8 or ::1.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
