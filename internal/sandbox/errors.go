package sandbox

import (
	"encoding/json"
	"fmt"
	"net/http"
)

// apiError is one entry of a JSON:API errors array.
type apiError struct {
	Title   string
	Detail  string
	Pointer string // a JSON pointer into the request body, or "" for none
}

// httpError is a failed request: a status and the errors explaining it.
type httpError struct {
	status int
	errs   []apiError
	allow  string // for 405: the Allow header
	// gateway answers {"message": errs[0].Title} as plain JSON, as the
	// Amazon API Gateway in front of IT Glue does, instead of errors[].
	gateway bool
}

func (e *httpError) Error() string {
	if len(e.errs) == 0 {
		return http.StatusText(e.status)
	}
	return e.errs[0].Title + ": " + e.errs[0].Detail
}

// errorf builds a one-error httpError with the status's standard title.
func errorf(status int, pointer, format string, args ...any) *httpError {
	return &httpError{status: status, errs: []apiError{{
		Title: http.StatusText(status), Detail: fmt.Sprintf(format, args...), Pointer: pointer}}}
}

func badRequest(format string, args ...any) *httpError {
	return errorf(http.StatusBadRequest, "", format, args...)
}

func notFound(format string, args ...any) *httpError {
	return errorf(http.StatusNotFound, "", format, args...)
}

// problems collects validation failures so that a request reports all of
// them at once; it becomes a 422.
type problems struct{ errs []apiError }

func (p *problems) add(pointer, format string, args ...any) {
	p.errs = append(p.errs, apiError{Title: "Unprocessable Entity", Detail: fmt.Sprintf(format, args...), Pointer: pointer})
}

func (p *problems) empty() bool { return len(p.errs) == 0 }

// err returns the 422, or nil when nothing was wrong.
func (p *problems) err() error {
	if p.empty() {
		return nil
	}
	return &httpError{status: http.StatusUnprocessableEntity, errs: p.errs}
}

type wireErrorSource struct {
	Pointer *string `json:"pointer"`
}

type wireError struct {
	Status int              `json:"status"`
	Title  string           `json:"title"`
	Detail string           `json:"detail,omitempty"`
	Source *wireErrorSource `json:"source,omitempty"`
}

// writeErrors answers with e as a JSON:API errors document.
func writeErrors(w http.ResponseWriter, e *httpError) {
	if e.gateway {
		b, _ := json.Marshal(map[string]string{"message": e.errs[0].Title})
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(e.status)
		w.Write(append(b, '\n'))
		return
	}
	out := struct {
		Errors []wireError `json:"errors"`
	}{}
	for _, x := range e.errs {
		we := wireError{Status: e.status, Title: x.Title, Detail: x.Detail}
		if x.Pointer != "" {
			p := x.Pointer
			we.Source = &wireErrorSource{Pointer: &p}
		}
		out.Errors = append(out.Errors, we)
	}
	if e.allow != "" {
		w.Header().Set("Allow", e.allow)
	}
	writeJSON(w, e.status, out)
}

// writeJSON answers with body encoded as JSON:API.
func writeJSON(w http.ResponseWriter, status int, body any) {
	b, err := json.Marshal(body)
	if err != nil {
		status = http.StatusInternalServerError
		b = []byte(`{"errors":[{"status":500,"title":"Internal Server Error","detail":"encoding the answer failed"}]}`)
	}
	w.Header().Set("Content-Type", mediaType)
	w.WriteHeader(status)
	w.Write(b)
}
