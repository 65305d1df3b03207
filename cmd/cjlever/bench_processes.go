//go:build !nodev

package main

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// benchProcesses are the gateway and worker the bench runs as child
// processes of this binary (`cjlever gateway`, `cjlever worker`), so that
// their resident memory is their own.
type benchProcesses struct {
	bin, logDir string
	env         []string
	gateway     *exec.Cmd
	worker      *exec.Cmd
}

// start starts role with its extra environment; its output goes to a log
// file in logDir.
func (p *benchProcesses) start(role string, env ...string) (*exec.Cmd, error) {
	log, err := os.Create(filepath.Join(p.logDir, fmt.Sprintf("%s-%d.log", role, time.Now().UnixNano())))
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(p.bin, role)
	cmd.Env = append(append(os.Environ(), p.env...), env...)
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		log.Close()
		return nil, fmt.Errorf("starting %s: %w", role, err)
	}
	go func() { _ = cmd.Wait(); log.Close() }()
	return cmd, nil
}

// StartGateway starts the gateway on addr and waits until it answers.
func (p *benchProcesses) StartGateway(ctx context.Context, addr string) error {
	cmd, err := p.start(roleGateway, "CJLEVER_LISTEN="+addr)
	if err != nil {
		return err
	}
	p.gateway = cmd
	return waitFor2xx(ctx, "http://"+addr+"/healthz")
}

// StartWorker implements bench.Processes.
func (p *benchProcesses) StartWorker(ctx context.Context) (err error) {
	p.worker, err = p.startWorker(ctx)
	return err
}

// AddWorker implements bench.Processes.
func (p *benchProcesses) AddWorker(ctx context.Context) (func(), error) {
	cmd, err := p.startWorker(ctx)
	if cmd == nil {
		return func() {}, err
	}
	stop := func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		waitExited(cmd)
	}
	if err != nil {
		stop()
	}
	return stop, err
}

// startWorker starts a worker process and waits for its readiness, which
// needs its pollers seen by Temporal.
func (p *benchProcesses) startWorker(ctx context.Context) (*exec.Cmd, error) {
	addr, err := freeLocalAddr()
	if err != nil {
		return nil, err
	}
	cmd, err := p.start(roleWorker, "CJLEVER_WORKER_METRICS_LISTEN="+addr)
	if err != nil {
		return nil, err
	}
	return cmd, waitFor2xx(ctx, "http://"+addr+"/readyz")
}

// KillWorker implements bench.Processes.
func (p *benchProcesses) KillWorker() error {
	if err := p.worker.Process.Signal(syscall.SIGKILL); err != nil {
		return err
	}
	waitExited(p.worker)
	return nil
}

// waitExited waits until cmd's process is gone.
func waitExited(cmd *exec.Cmd) {
	for cmd.Process.Signal(syscall.Signal(0)) == nil {
		time.Sleep(10 * time.Millisecond)
	}
}

// RSS implements bench.Processes from /proc/<pid>/status.
func (p *benchProcesses) RSS() (worker, gateway int64, err error) {
	if worker, err = vmRSS(p.worker); err != nil {
		return 0, 0, err
	}
	gateway, err = vmRSS(p.gateway)
	return worker, gateway, err
}

func vmRSS(cmd *exec.Cmd) (int64, error) {
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", cmd.Process.Pid))
	if err != nil {
		return 0, err
	}
	for line := range strings.Lines(string(status)) {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb * 1024, err
		}
	}
	return 0, fmt.Errorf("no VmRSS for process %d", cmd.Process.Pid)
}

// stop ends both processes with SIGTERM, as an orchestrator would.
func (p *benchProcesses) stop() {
	for _, cmd := range []*exec.Cmd{p.gateway, p.worker} {
		if cmd != nil {
			_ = cmd.Process.Signal(syscall.SIGTERM)
		}
	}
}

// waitFor2xx polls url until it answers 2xx, for up to 30 seconds.
func waitFor2xx(ctx context.Context, url string) error {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if resp, err := http.DefaultClient.Do(req); err == nil {
			resp.Body.Close()
			if resp.StatusCode/100 == 2 {
				return nil
			}
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("%s did not answer 2xx: %w", url, ctx.Err())
		case <-time.After(20 * time.Millisecond):
		}
	}
}
