# syntax=docker/dockerfile:1
# The production image: a static cjlever binary built without the embedded
# dev server and emulators (-tags nodev), run as a non-root user.

FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/root/go/pkg/mod go mod download
COPY . .
RUN --mount=type=cache,target=/root/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 go build -tags nodev -trimpath -ldflags="-s -w" -o /out/cjlever ./cmd/cjlever

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/cjlever /usr/local/bin/cjlever
USER nonroot:nonroot
EXPOSE 8080 9090
ENTRYPOINT ["/usr/local/bin/cjlever"]
CMD ["serve"]
