// The contract's handlers for pretrained text encoders (merged into service.ts).
import { callerActor, type Caller } from '../api/caller';
import type { Handlers } from '../api/contract';
import { addEncoder, embedFileToStdout, embedTexts, listEncoders, removeEncoder } from './app/encoders';
import { withEngineErrors } from './app/engine-errors';
import type { Store } from './store';

type EncoderHandlers = Pick<Handlers, 'addEncoder' | 'listEncoders' | 'removeEncoder' | 'embedTexts' | 'embedFile'>;

const encodingListener = ({ onProgress }: Caller) =>
  onProgress && ((p: { encoded: number; toEncode: number }) => onProgress({ kind: 'encoding', encoded: p.encoded, toEncode: p.toEncode }));

export function createEncoderHandlers(store: Store): EncoderHandlers {
  return {
    addEncoder: (params, caller) => addEncoder(store, params, callerActor(caller)),
    listEncoders: () => listEncoders(store),
    removeEncoder: (params, caller) => removeEncoder(store, params, callerActor(caller)),
    embedTexts: (params, caller) => withEngineErrors(() => embedTexts(store, params, { onProgress: encodingListener(caller) })),
    embedFile: (params, caller) => withEngineErrors(() => embedFileToStdout(store, params, { onProgress: encodingListener(caller) })),
  };
}
