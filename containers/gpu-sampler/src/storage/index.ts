/** S3 I/O of the container: URIs, a client for any S3 endpoint, capped reads, atomic publication. */
export { createS3Client, S3_CLIENT_DEFAULTS, s3ClientConfig } from './create-s3-client.js';
export {
  describeBytes,
  ObjectAccessError,
  ObjectNotFoundError,
  ObjectReadError,
  ObjectTooLargeError,
  ObjectWriteError,
  S3UriError,
  StorageError,
} from './errors.js';
export { type GetObjectOptions, getObjectBytes } from './get-object-bytes.js';
export { type OutputObject, type PublishOptions, publishObjects, putObject } from './publish-objects.js';
export { baseName, childLocation, formatS3Uri, parseS3Uri, type S3Location } from './s3-uri.js';
