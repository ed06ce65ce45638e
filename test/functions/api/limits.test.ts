/** The API's declared-size limits are ingest's: a job the API accepts is never refused for its size later. */
import { describe, expect, it } from 'vitest';
import { API_LIMITS } from '../../../core/contracts/api.js';
import { MEDIA_DEFAULTS } from '../../../functions/ingest/check-media.js';

describe('API limits', () => {
  it("equal ingest's media limits", () => {
    expect(API_LIMITS.portraitMaxBytes).toBe(MEDIA_DEFAULTS.portraitMaxBytes);
    expect(API_LIMITS.audioMaxBytes).toBe(MEDIA_DEFAULTS.audioMaxBytes);
  });
});
