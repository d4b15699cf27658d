package safehttp_test

import (
	"errors"
	"net/netip"
	"testing"

	"github.com/pilotodevendas/piloto/internal/safehttp"
)

func TestReasonFor(t *testing.T) {
	t.Parallel()
	blocked := []string{
		// IPv4
		"0.0.0.0", "0.1.2.3", "10.0.0.1", "10.255.255.255", "100.64.0.1", "100.127.255.254",
		"127.0.0.1", "127.0.0.2", "127.255.255.255", "169.254.169.254", "169.254.0.1",
		"172.16.0.1", "172.31.255.255", "192.0.0.8", "192.0.2.1", "192.88.99.1", "192.168.1.1",
		"198.18.0.1", "198.19.255.255", "198.51.100.7", "203.0.113.9", "224.0.0.1", "239.255.255.250",
		"240.0.0.1", "255.255.255.255",
		// IPv6
		"::", "::1", "::127.0.0.1", "::ffff:127.0.0.1", "::ffff:7f00:1", "::ffff:169.254.169.254",
		"::ffff:10.0.0.1", "::ffff:0.0.0.0", "fe80::1", "fe80::1%eth0", "fec0::1", "fc00::1", "fd12:3456::1",
		"ff02::1", "ff0e::1", "100::1", "64:ff9b::7f00:1", "64:ff9b::a9fe:a9fe", "64:ff9b:1::1",
		"2002:7f00:1::1", "2002:a9fe:a9fe::1", "2002:0a00:0001::", "2001::1", "2001:0:4136:e378::1",
		"2001:2::1", "2001:db8::1", "3fff::1", "4000::1", "::2",
	}
	public := []string{
		"1.1.1.1", "8.8.8.8", "9.9.9.9", "100.63.255.255", "100.128.0.1", "126.255.255.255",
		"128.0.0.1", "169.253.255.255", "172.15.255.255", "172.32.0.1", "192.167.255.255",
		"192.169.0.1", "198.17.255.255", "198.20.0.1", "223.255.255.255",
		"::ffff:8.8.8.8", "64:ff9b::808:808", "2002:808:808::1", "2606:4700:4700::1111",
		"2800:3f0:4001:80e::200e", "2a00:1450:4001::1",
	}
	for _, s := range blocked {
		if r := safehttp.ReasonFor(netip.MustParseAddr(s)); r == "" {
			t.Errorf("%s must be refused", s)
		}
	}
	for _, s := range public {
		if r := safehttp.ReasonFor(netip.MustParseAddr(s)); r != "" {
			t.Errorf("%s is public, refused as %q", s, r)
		}
	}
	if safehttp.ReasonFor(netip.Addr{}) == "" {
		t.Error("the zero Addr must be refused")
	}
}

// The dialer's Control, the last word before connect, refuses what the guard
// refuses even if a caller handed it an address unchecked.
func TestControlRefusesPrivate(t *testing.T) {
	t.Parallel()
	for _, addr := range []string{"127.0.0.1:80", "[::1]:443", "169.254.169.254:80", "[::ffff:10.0.0.1]:80", "localhost:80"} {
		var be *safehttp.BlockedError
		if err := safehttp.ControlPublic("tcp", addr, nil); !errors.As(err, &be) {
			t.Errorf("%s: %v", addr, err)
		}
	}
	if err := safehttp.ControlPublic("tcp", "8.8.8.8:443", nil); err != nil {
		t.Errorf("a public address: %v", err)
	}
}
