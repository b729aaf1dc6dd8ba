import type { NotificationsSlice } from '../model/app-model.ts';
import { useModel, useStore } from './model-context.ts';

export function useNotifications(): NotificationsSlice {
  return useStore(useModel().notifications);
}
