package blob_test

import (
	"context"
	"testing"

	"github.com/pilotodevendas/piloto/internal/blob"
)

func TestFileAndMemBuckets(t *testing.T) {
	ctx := context.Background()
	for _, url := range []string{"mem://", "file://" + t.TempDir() + "/blobs?create_dir=true"} {
		b, err := blob.Open(ctx, url)
		if err != nil {
			t.Fatal(err)
		}
		if err := b.WriteAll(ctx, "org/1/file.txt", []byte("olá"), nil); err != nil {
			t.Fatalf("%s: %v", url, err)
		}
		got, err := b.ReadAll(ctx, "org/1/file.txt")
		if err != nil || string(got) != "olá" {
			t.Fatalf("%s: read %q %v", url, got, err)
		}
		b.Close()
	}
	if _, err := blob.Open(ctx, "s3x://nope"); err == nil {
		t.Fatal("an unknown scheme must fail")
	}
}
