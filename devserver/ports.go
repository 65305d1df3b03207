package devserver

import (
	"fmt"
	"net"
	"strconv"
)

// reservePort returns a loopback port that the kernel will not hand to
// anyone else's bind(":0") or outgoing connection for about a minute, while
// we may still bind it ourselves.
//
// Asking for a free port and closing the listener, the usual trick, leaves a
// window in which another process asking for a free port gets the same one
// and the Temporal server then fails to bind it. Here the port is left with a
// connection in TIME_WAIT that the server side closed: Linux skips such ports
// when it picks a free one, and SO_REUSEADDR (which Go sets on listeners)
// still lets us bind it. This is how the Temporal server's own tests pick
// ports (common/testing/freeport).
func reservePort() (int, error) {
	l, err := net.Listen("tcp", net.JoinHostPort(loopback, "0"))
	if err != nil {
		return 0, fmt.Errorf("devserver: finding a free port: %w", err)
	}
	defer l.Close()
	client, err := net.Dial("tcp", l.Addr().String())
	if err != nil {
		return 0, fmt.Errorf("devserver: reserving a port: %w", err)
	}
	defer client.Close()
	server, err := l.Accept()
	if err != nil {
		return 0, fmt.Errorf("devserver: reserving a port: %w", err)
	}
	// The side that closes first keeps the TIME_WAIT entry: the server side.
	_ = server.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// checkPortFree tells early, and in words, that a port the user chose is
// taken: the Temporal server would only log it as fatal.
func checkPortFree(port int) error {
	l, err := net.Listen("tcp", net.JoinHostPort(loopback, strconv.Itoa(port)))
	if err != nil {
		return fmt.Errorf("devserver: Temporal frontend port %d: %w", port, err)
	}
	return l.Close()
}

// servicePorts are the gRPC ports of the four Temporal services.
type servicePorts map[string]int

// Temporal's services, in the server's configuration's names.
const (
	serviceFrontend = "frontend"
	serviceHistory  = "history"
	serviceMatching = "matching"
	serviceWorker   = "worker"
)

// newServicePorts keeps the frontend's port and reserves one for each
// internal service. With static membership (see staticHosts) these are the
// only ports the server binds.
func newServicePorts(frontendPort int) (servicePorts, error) {
	ports := servicePorts{serviceFrontend: frontendPort}
	for _, name := range []string{serviceHistory, serviceMatching, serviceWorker} {
		p, err := reservePort()
		if err != nil {
			return nil, err
		}
		ports[name] = p
	}
	return ports, nil
}

func (p servicePorts) address(service string) string {
	return net.JoinHostPort(loopback, strconv.Itoa(p[service]))
}
