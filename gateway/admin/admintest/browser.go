// Package admintest drives the settings page in a real headless browser
// (Debian's chromium through github.com/chromedp/chromedp), for the admin
// package's own browser test and for end-to-end tests against the whole
// stack.
package admintest

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// ScreenshotsDirVar, when set, names a directory that also receives every
// screenshot, for a person to look at after the run.
const ScreenshotsDirVar = "CJLEVER_SCREENSHOTS_DIR"

// browserTimeout bounds one test's whole browser session.
const browserTimeout = 2 * time.Minute

// RequireBrowserVar, set to 1 (as CI sets it), makes a missing chromium fail
// the browser tests instead of skipping them.
const RequireBrowserVar = "CJLEVER_REQUIRE_BROWSER"

// Browser starts headless chromium for t and returns a tab's context; the
// browser stops when the test ends. It skips the test when chromium is not
// on PATH, unless RequireBrowserVar is set (CI installs Debian's chromium).
func Browser(t testing.TB) context.Context {
	t.Helper()
	path, err := exec.LookPath("chromium")
	if err != nil {
		const install = "chromium is not on PATH: install Debian's chromium package (apt-get install chromium) to run the browser test"
		if os.Getenv(RequireBrowserVar) == "1" {
			t.Fatal(install)
		}
		t.Skip(install)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1200, 900),
		// Root in a container has no user namespace to sandbox with.
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		// The machine has no network beyond loopback: no background calls home.
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
	)
	ctx, cancelTimeout := context.WithTimeout(context.Background(), browserTimeout)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	tabCtx, cancelTab := chromedp.NewContext(allocCtx)
	t.Cleanup(func() { cancelTab(); cancelAlloc(); cancelTimeout() })
	if err := chromedp.Do(tabCtx); err != nil { // starts the browser
		t.Fatalf("starting chromium: %v", err)
	}
	return tabCtx
}

// Submit clicks a form's button and waits for the page it leads to,
// following redirects; it returns that page's HTTP status.
func Submit(ctx context.Context, button chromedp.CSS) (int64, error) {
	res, err := chromedp.RunResponse(ctx, chromedp.Click(button))
	if err != nil {
		return 0, err
	}
	return res.Status, nil
}

// Open loads url and returns its HTTP status.
func Open(ctx context.Context, url string) (int64, error) {
	res, err := chromedp.RunResponse(ctx, chromedp.Navigate(url))
	if err != nil {
		return 0, err
	}
	return res.Status, nil
}

// SignIn opens the settings page at baseURL and signs in with password.
func SignIn(ctx context.Context, baseURL, password string) (int64, error) {
	if _, err := Open(ctx, baseURL+"/settings"); err != nil {
		return 0, err
	}
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS("#password"), password)); err != nil {
		return 0, err
	}
	return Submit(ctx, `form[action="/settings/signin"] button[type=submit]`)
}

// Screenshot saves the whole page as name.png in t's temporary directory
// (and in $CJLEVER_SCREENSHOTS_DIR when set) and returns its path.
func Screenshot(t testing.TB, ctx context.Context, name string) string {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	path := filepath.Join(t.TempDir(), name+".png")
	if err := os.WriteFile(path, png, 0o600); err != nil {
		t.Fatal(err)
	}
	if dir := os.Getenv(ScreenshotsDirVar); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return path
}
