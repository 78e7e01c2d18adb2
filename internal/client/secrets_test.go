package client

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
)

func TestPasswordSecret(t *testing.T) {
	tests := []struct {
		name    string
		status  int
		body    string
		want    string
		noPerm  bool
		wantErr string
	}{
		{name: "value", status: 200, body: `{"data":{"id":"77","type":"passwords","attributes":{"name":"Admin","password":"s3cr3t"}}}`, want: "s3cr3t"},
		{name: "forbidden gateway", status: 403, body: `{"message":"Forbidden"}`, noPerm: true},
		{name: "unauthorized json:api", status: 401, body: `{"errors":[{"status":401,"title":"Unauthorized","detail":"Unauthorized resource access"}]}`, noPerm: true},
		{name: "attribute left out", status: 200, body: `{"data":{"id":"77","type":"passwords","attributes":{"name":"Admin"}}}`, noPerm: true},
		{name: "attribute null", status: 200, body: `{"data":{"id":"77","type":"passwords","attributes":{"name":"Admin","password":null}}}`, noPerm: true},
		{name: "not found", status: 404, body: `{"errors":[{"status":404,"title":"Not Found"}]}`, wantErr: "404"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, mux := setup(t)
			mux.HandleFunc("GET /passwords/77", func(w http.ResponseWriter, r *http.Request) {
				if got := r.URL.Query().Get("show_password"); got != "true" {
					t.Errorf("show_password = %q, want true", got)
				}
				reply(w, tt.status, tt.body)
			})
			got, err := c.Passwords.Secret(context.Background(), 77)
			switch {
			case tt.noPerm:
				if !errors.Is(err, ErrNoPasswordAccess) {
					t.Fatalf("err = %v, want ErrNoPasswordAccess", err)
				}
			case tt.wantErr != "":
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want one naming %s", err, tt.wantErr)
				}
			default:
				if err != nil || got != tt.want {
					t.Fatalf("Secret = %q, %v; want %q", got, err, tt.want)
				}
			}
			if err != nil && strings.Contains(err.Error(), testKey) {
				t.Errorf("error shows the key: %v", err)
			}
		})
	}
}

func TestSecretOnlyForPasswords(t *testing.T) {
	c, _ := setup(t)
	if _, err := c.Configurations.Secret(context.Background(), 1); err == nil {
		t.Fatal("Configurations.Secret succeeded; want an error")
	}
}
