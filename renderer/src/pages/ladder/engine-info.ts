// What the reward-model engine offers here (AppInfo.engine), asked once per page load and shared by every
// training form: it does not change while the app runs. A failed request is asked again next time.
import type { Result } from '../../../../electron/api/contract';
import type { ApiResult } from '../../../../electron/api/errors';
import { getClient } from '../../lib/client';

export type EngineInfo = Result<'getAppInfo'>['engine'];

let pending: Promise<ApiResult<EngineInfo>> | undefined;

export function loadEngineInfo(): Promise<ApiResult<EngineInfo>> {
  pending ??= getClient()
    .getAppInfo({})
    .then((r): ApiResult<EngineInfo> => {
      if (!r.ok) pending = undefined;
      return r.ok ? { ok: true, value: r.value.engine } : r;
    });
  return pending;
}
