import type { UiState } from '../model/ui-state.ts';
import { useModel, useStore } from './model-context.ts';

export function useUi(): UiState {
  return useStore(useModel().ui.state);
}
