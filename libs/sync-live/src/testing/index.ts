export { startLiveStack, waitFor, type LiveStack, type LiveStackOptions } from './live-stack';
