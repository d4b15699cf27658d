// Package blob opens the bucket that keeps uploads and media, through
// gocloud.dev/blob: file:// in the data dir by default, gs:// on Google Cloud
// Storage in production, mem:// in tests.
package blob

import (
	"context"
	"fmt"

	"gocloud.dev/blob"
	_ "gocloud.dev/blob/fileblob" // file://
	_ "gocloud.dev/blob/gcsblob"  // gs://
	_ "gocloud.dev/blob/memblob"  // mem://
	"gocloud.dev/gcerrors"
)

// Bucket is a gocloud.dev bucket.
type Bucket = blob.Bucket

// Open opens the bucket at url. A file:// bucket's directory is created when
// the URL says create_dir=true.
func Open(ctx context.Context, url string) (*Bucket, error) {
	b, err := blob.OpenBucket(ctx, url)
	if err != nil {
		return nil, fmt.Errorf("blob: opening %s: %w", url, err)
	}
	return b, nil
}

// Files is a bucket seen as a plain file store.
type Files struct{ *Bucket }

// Put stores p under key.
func (f Files) Put(ctx context.Context, key string, p []byte) error {
	return f.Bucket.WriteAll(ctx, key, p, nil)
}

// Remove deletes key; a key that is not there is not an error.
func (f Files) Remove(ctx context.Context, key string) error {
	if err := f.Bucket.Delete(ctx, key); err != nil && gcerrors.Code(err) != gcerrors.NotFound {
		return err
	}
	return nil
}
