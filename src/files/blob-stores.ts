import type { AppConfig } from '../app-config.js';
import type { BlobStore } from './blob-store.js';

/**
 * The blob store the configuration names: the server, `teampro files check` and `teampro demo` all
 * take theirs from here. Each store is imported only when chosen, so the AWS SDK is never loaded
 * (and never slows a command's start) unless TEAMPRO_S3_BUCKET is set.
 */
export async function blobStoreFor(config: AppConfig): Promise<BlobStore> {
  if (config.s3) {
    const { S3BlobStore } = await import('./s3-blob-store.js');
    return S3BlobStore.fromSettings(config.s3);
  }
  const { LocalBlobStore } = await import('./local-blob-store.js');
  return new LocalBlobStore(config.blobDir);
}
