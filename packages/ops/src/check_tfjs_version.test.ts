// checkTfjsVersion: versions inside ^4.22.0 pass, anything else gets one error naming the range.
import { describe, expect, it } from '@jest/globals';
import * as tf from '@tensorflow/tfjs-core';
import { SUPPORTED_TFJS_RANGE, checkTfjsVersion } from './index.js';

describe('checkTfjsVersion', () => {
  it('accepts the installed tfjs-core and later 4.x releases', () => {
    expect(SUPPORTED_TFJS_RANGE).toBe('^4.22.0');
    expect(() => checkTfjsVersion(tf.version_core)).not.toThrow();
    for (const version of ['4.22.0', '4.22.3', '4.23.0', '4.99.12']) expect(() => checkTfjsVersion(version)).not.toThrow();
  });

  it('rejects an older, a newer major, a pre-release or a malformed version, naming the range and what it found', () => {
    expect(() => checkTfjsVersion('5.0.0')).toThrow(
      'rnnkit supports @tensorflow/tfjs-core ^4.22.0, found "5.0.0": install a version in that range',
    );
    expect(() => checkTfjsVersion('4.21.9')).toThrow('supports @tensorflow/tfjs-core ^4.22.0, found "4.21.9"');
    expect(() => checkTfjsVersion('3.22.0')).toThrow('found "3.22.0"');
    expect(() => checkTfjsVersion('4.22.0-rc.1')).toThrow('found "4.22.0-rc.1"');
    expect(() => checkTfjsVersion('four')).toThrow('found "four"');
  });

  it('names the package it checks', () => {
    expect(() => checkTfjsVersion('4.1.0', '@tensorflow/tfjs-backend-webgl')).toThrow(
      'rnnkit supports @tensorflow/tfjs-backend-webgl ^4.22.0, found "4.1.0"',
    );
  });
});
