export * from './gov-application';
export * from './platform';
export { peakWindow, type PeakWindow } from './peaks';
