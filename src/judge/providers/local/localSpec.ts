/** Parses the model part of `--judge local:<path.gguf>` or `--judge local:hf:<owner>/<repo>/<file>.gguf`. */
import { InputError } from '../../../errors.ts';

/** Where a local judge's weights come from. */
export type LocalModelSource =
  | { from: 'file'; path: string }
  | { from: 'hf'; owner: string; repo: string; file: string };

const HF = /^hf:([A-Za-z0-9][\w.-]*)\/([A-Za-z0-9][\w.-]*)\/((?:[\w.-]+\/)*[\w.-]+\.gguf)$/;

/** Pure: the source a `local:` model names; an InputError names the accepted forms. */
export function parseLocalModel(model: string): LocalModelSource {
  if (model.startsWith('hf:')) {
    const m = HF.exec(model);
    // A `..` segment would write the download outside the models folder.
    if (!m || m.slice(1).some((part) => part.split('/').some((seg) => seg === '.' || seg === '..'))) throw new InputError(`judge local:${model}: expected local:hf:<owner>/<repo>/<file>.gguf (e.g. local:hf:Qwen/Qwen3-8B-GGUF/Qwen3-8B-Q4_K_M.gguf)`);
    return { from: 'hf', owner: m[1]!, repo: m[2]!, file: m[3]! };
  }
  if (!/\.gguf$/i.test(model)) throw new InputError(`judge local:${model}: expected a .gguf file (local:<path.gguf>) or local:hf:<owner>/<repo>/<file>.gguf`);
  return { from: 'file', path: model };
}
