package store

import (
	"context"
	"time"
)

// Instance is one running piloto process.
type Instance struct {
	ID        string
	Role      string
	Version   string
	Hostname  string
	StartedAt time.Time
	SeenAt    time.Time
}

// ReportInstance records that the instance is alive at now, inserting it the
// first time.
func (db *DB) ReportInstance(ctx context.Context, in Instance, now time.Time) error {
	_, err := db.write.ExecContext(ctx, `
		INSERT INTO instances (id, role, version, hostname, started_at, seen_at)
		VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (id) DO UPDATE SET seen_at = excluded.seen_at`,
		in.ID, in.Role, in.Version, in.Hostname, in.StartedAt, now)
	return err
}

// Instances lists the instances seen since the given time, newest first.
func (db *DB) Instances(ctx context.Context, since time.Time) ([]Instance, error) {
	rows, err := db.read.QueryContext(ctx, `
		SELECT id, role, version, hostname, started_at, seen_at
		FROM instances
		WHERE seen_at >= $1
		ORDER BY started_at DESC, id`, since)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Instance
	for rows.Next() {
		var in Instance
		if err := rows.Scan(&in.ID, &in.Role, &in.Version, &in.Hostname, &in.StartedAt, &in.SeenAt); err != nil {
			return nil, err
		}
		in.StartedAt, in.SeenAt = utc(in.StartedAt), utc(in.SeenAt)
		out = append(out, in)
	}
	return out, rows.Err()
}

// DeleteInstancesSeenBefore removes instances that have not reported since
// cutoff and returns how many it removed.
func (db *DB) DeleteInstancesSeenBefore(ctx context.Context, cutoff time.Time) (int64, error) {
	return db.execCount(ctx, `DELETE FROM instances WHERE seen_at < $1`, cutoff)
}
