import type { NoAuth } from '../../../shared/model';
import type { z } from 'zod';
import type { AuthScheme } from './types';

/** No credentials: the request goes out as built. */
export const noneScheme: AuthScheme<z.infer<typeof NoAuth>> = {
  type: 'none',
  label: 'No auth',
  apply(_auth, req) {
    return Promise.resolve(req);
  },
};
