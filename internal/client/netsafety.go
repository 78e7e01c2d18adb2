package client

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// origin is a URL's scheme, host and port, lower-cased, with the scheme's
// default port made explicit, so that https://api.itglue.com and
// https://API.itglue.com:443 compare equal.
func origin(u *url.URL) string {
	scheme := strings.ToLower(u.Scheme)
	port := u.Port()
	if port == "" {
		switch scheme {
		case "https":
			port = "443"
		case "http":
			port = "80"
		}
	}
	return scheme + "://" + net.JoinHostPort(strings.ToLower(u.Hostname()), port)
}

// displayOrigin is an origin as a user would type it: scheme and host
// (with the port only when the URL gave one); never a path or query,
// which could carry anything a hostile server chose.
func displayOrigin(u *url.URL) string {
	return strings.ToLower(u.Scheme) + "://" + strings.ToLower(u.Host)
}

// checkRedirect is the http.Client's redirect policy: a GET may follow up
// to maxRedirects redirects within the base URL's origin; anything else
// stops with a *RedirectError before the next request is sent (so the key
// goes nowhere else). Method and Path are filled in by do.
func (c *Client) checkRedirect(req *http.Request, via []*http.Request) error {
	e := &RedirectError{From: displayOrigin(c.base), To: displayOrigin(req.URL)}
	if req.Response != nil {
		e.StatusCode = req.Response.StatusCode
	}
	first := via[0]
	switch {
	case origin(req.URL) != origin(c.base):
		e.Reason = "it leads off the base URL's origin"
		if strings.EqualFold(c.base.Scheme, "https") && !strings.EqualFold(req.URL.Scheme, "https") {
			e.Reason = "it downgrades https to plain http"
		}
	case first.Method != http.MethodGet && first.Method != http.MethodHead:
		e.Reason = "a write is never redirected: IT Glue answers writes directly"
	case len(via) > maxRedirects:
		e.Reason = fmt.Sprintf("more than %d redirects in a row", maxRedirects)
	default:
		return nil
	}
	return e
}

// fatalTransport turns a transport error that retrying cannot fix into
// the error the call returns: a refused redirect, a TLS failure, a host
// name that does not resolve. It returns nil for errors worth retrying.
func (c *Client) fatalTransport(err error, method, path string, attempt int) error {
	var re *RedirectError
	if errors.As(err, &re) {
		re.Method, re.Path = method, path
		return re
	}
	var rt *ResponseTooLargeError
	if errors.As(err, &rt) {
		rt.Method, rt.Path = method, path
		return rt
	}
	if isTLSFailure(err) {
		return &TLSError{BaseURL: c.base.String(), Err: c.redactErr(unwrapURLError(err))}
	}
	var dns *net.DNSError
	if errors.As(err, &dns) && (dns.IsNotFound || !dns.IsTemporary && !dns.IsTimeout) {
		return &UnreachableError{BaseURL: c.base.String(), Attempts: attempt + 1, Err: c.redactErr(unwrapURLError(err))}
	}
	return nil
}

// unwrapURLError drops net/http's `Get "https://…":` prefix, which repeats
// the full URL, keeping the cause.
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// isTLSFailure reports whether err is a certificate or handshake failure.
func isTLSFailure(err error) bool {
	var (
		cv  *tls.CertificateVerificationError
		ua  x509.UnknownAuthorityError
		he  x509.HostnameError
		ci  x509.CertificateInvalidError
		rh  tls.RecordHeaderError
		ae  tls.AlertError
		sys x509.SystemRootsError
	)
	return errors.As(err, &cv) || errors.As(err, &ua) || errors.As(err, &he) || errors.As(err, &ci) ||
		errors.As(err, &rh) || errors.As(err, &ae) || errors.As(err, &sys) || notTLS(err)
}

// notTLS matches net/http's untyped error for a plain-http answer to a
// TLS handshake.
func notTLS(err error) bool {
	return strings.Contains(err.Error(), "server gave HTTP response to HTTPS client")
}

// tlsHint says what to do about a TLS failure.
func tlsHint(err error) string {
	var (
		ua x509.UnknownAuthorityError
		he x509.HostnameError
		ci x509.CertificateInvalidError
		rh tls.RecordHeaderError
	)
	switch {
	case errors.As(err, &ua):
		return "the server's certificate is not signed by an authority this machine trusts. If your network inspects TLS through a proxy, add the proxy's CA certificate to the system's trust store (or point SSL_CERT_FILE at it); otherwise someone may be intercepting the connection, or the base URL is wrong"
	case errors.As(err, &he):
		return "the certificate belongs to another host name: check the base URL (" + EnvBaseURL + ", --base-url)"
	case errors.As(err, &ci) && ci.Reason == x509.Expired:
		return "the certificate has expired or is not valid yet: check this machine's clock, then the base URL"
	case errors.As(err, &rh) || notTLS(err):
		return "the server does not speak TLS on this port: check the scheme and port of the base URL (" + EnvBaseURL + ", --base-url)"
	}
	return "check the base URL (" + EnvBaseURL + ", --base-url) and any proxy between this machine and IT Glue"
}

// requestTimeoutError is one HTTP request outlasting its timeout.
type requestTimeoutError struct {
	limit time.Duration
	write bool
	err   error
}

func (e *requestTimeoutError) Error() string {
	if e.write {
		return fmt.Sprintf("no complete answer within %s (the timeout of one write)", e.limit)
	}
	return fmt.Sprintf("no complete answer within %s (the timeout of one read; raise it with --request-timeout)", e.limit)
}

func (e *requestTimeoutError) Unwrap() error { return e.err }

// Timeout reports true, like net.Error, for callers that check.
func (e *requestTimeoutError) Timeout() bool { return true }

// notice writes one line to the notices writer, if any.
func (c *Client) notice(format string, args ...any) {
	if c.notices == nil {
		return
	}
	line := c.redact(fmt.Sprintf(format, args...))
	c.debugMu.Lock()
	defer c.debugMu.Unlock()
	fmt.Fprintf(c.notices, "itglue: %s\n", line)
}
