# glue-sync in a container: a static binary on distroless, run as non-root.
#
#   docker build --build-arg VERSION=v1.2.3 -t glue-sync .
#   docker run --rm -v "$PWD:/repo" glue-sync validate /repo
#   docker run --rm -e ITGLUE_API_KEY -v "$PWD:/repo" glue-sync plan /repo
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# The release tag `glue-sync version` reports; empty reports (devel).
ARG VERSION=""
RUN CGO_ENABLED=0 go build -trimpath \
      -ldflags "-s -w -X github.com/glue-sync/glue-sync/internal/version.Version=${VERSION}" \
      -o /out/glue-sync ./cmd/glue-sync

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/glue-sync /usr/local/bin/glue-sync
USER nonroot:nonroot
WORKDIR /repo
ENTRYPOINT ["/usr/local/bin/glue-sync"]
