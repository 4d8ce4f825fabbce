export {
  launchChromium,
  chromiumArgs,
  defaultChromiumPath,
  type Browser,
} from './harness/chromium';
export { startDemoStack, type RunningStack } from './stack/demo-stack';
export { scenario } from './stack/scenario';
