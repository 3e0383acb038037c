export { generateScaleData, dropScaleData, readMarker, SCALE_AS_OF, SCALE_GENERATOR_VERSION, SCALE_SIZES, type ScaleFixture, type ScaleOptions, type ScaleResult, type ScaleSize } from './generate';
export { SUMMARY_REBUILDERS } from './summaries';
export { Random } from './random';
