export {
  createLiveSync,
  notificationUrlFor,
  type LiveSync,
  type LiveSyncOptions,
  type LiveStatus,
  type LiveMappingStatus,
} from './live-sync';
export { receiverPath, type ReceiverAnswer } from './receiver';
export { liveRequester, type LiveEngine } from './ports';
