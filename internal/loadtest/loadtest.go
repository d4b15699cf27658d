// Package loadtest holds what the load tools (cmd/webhookload,
// cmd/replyload) share: the wamids of a run, the database they count in,
// and percentiles.
package loadtest

import (
	"fmt"
	"math"
	"os"
	"strings"
	"time"
)

// Wamid is the id of the n-th message of a run.
func Wamid(runID string, n int) string { return fmt.Sprintf("wamid.load-%s-%d", runID, n) }

// WamidPattern matches the wamids of a run with LIKE, its wildcards in the
// run id escaped (ESCAPE '\').
func WamidPattern(runID string) string {
	esc := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(runID)
	return "wamid.load-" + esc + "-%"
}

// DatabaseURL turns --database-url into a store URL: postgres:// and
// sqlite: URLs as they are, anything else as the path of a SQLite file,
// which must exist (opening would create it).
func DatabaseURL(raw string) (string, error) {
	switch {
	case strings.HasPrefix(raw, "postgres://"), strings.HasPrefix(raw, "postgresql://"):
		return raw, nil
	case strings.HasPrefix(raw, "sqlite:"):
		raw = strings.TrimPrefix(raw, "sqlite:")
	}
	if _, err := os.Stat(raw); err != nil {
		return "", fmt.Errorf("no SQLite database at %s: %w", raw, err)
	}
	return "sqlite:" + raw, nil
}

// Percentile is the nearest-rank p-th percentile (0 < p ≤ 100) of sorted
// durations; 0 for none.
func Percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(math.Ceil(p / 100 * float64(len(sorted))))
	rank = min(max(rank, 1), len(sorted))
	return sorted[rank-1]
}
