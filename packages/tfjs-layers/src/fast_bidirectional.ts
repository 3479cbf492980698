// tf.layers' Bidirectional wrapper whose two directions are always the wrapped layer's own class.
import * as tf from '@tensorflow/tfjs-core';
import { layers } from '@tensorflow/tfjs-layers';
import { InputError } from '@rnnkit/core';

type TfBidirectionalArgs = Parameters<typeof layers.bidirectional>[0];

/** Options of {@link FastBidirectional}: tf.layers' `bidirectional` options. */
export type FastBidirectionalArgs = Omit<TfBidirectionalArgs, 'mergeMode'> & {
  /**
   * How the two directions' outputs combine; null returns both (as tf.layers does at run time,
   * though its typings leave null out).
   * @default 'concat'
   */
  mergeMode?: 'concat' | 'sum' | 'mul' | 'ave' | null;
};

type TfBidirectional = ReturnType<typeof layers.bidirectional>;

/** tf.layers' own Bidirectional class, as registered by tfjs-layers when this module loads. */
function tfBidirectionalClass(): new (args: TfBidirectionalArgs) => TfBidirectional {
  const entry = tf.serialization.SerializationMap.getMap().classNameMap['Bidirectional'];
  if (entry === undefined) throw new Error('FastBidirectional: @tensorflow/tfjs-layers did not register Bidirectional');
  return entry[0] as unknown as new (args: TfBidirectionalArgs) => TfBidirectional;
}

const MERGE_MODES = ['sum', 'mul', 'concat', 'ave', null, undefined];

/**
 * tf.layers' `Bidirectional` (same config, weights, merge modes concat / sum / mul / ave / null,
 * same serialised form). tf.layers rebuilds both directions by looking the wrapped layer's class
 * name up in the serialisation registry, which gives tf.layers' LSTM for an `LSTM`; this wrapper
 * builds them with the wrapped layer's own class, so a fast layer stays fast in both directions.
 */
export class FastBidirectional extends tfBidirectionalClass() {
  static className = 'Bidirectional';

  constructor(args: FastBidirectionalArgs) {
    if (!(args.layer instanceof layers.RNN)) {
      throw new InputError('Bidirectional', 'layer', `layer must be a recurrent layer (lstm, gru, simpleRNN), got ${String(args.layer)}`);
    }
    if (!MERGE_MODES.includes(args.mergeMode)) {
      throw new InputError('Bidirectional', 'mergeMode', `mergeMode must be one of concat, sum, mul, ave or null, got ${JSON.stringify(args.mergeMode)}`);
    }
    // tf.layers clones the wrapped layer through the serialisation registry by class name, which
    // names tf.layers' own LSTM for an `LSTM`: the wrapped layer's class stands in while it does.
    const registry = tf.serialization.SerializationMap.getMap().classNameMap;
    const name = args.layer.getClassName();
    const saved = registry[name];
    const Layer = args.layer.constructor as tf.serialization.SerializableConstructor<tf.serialization.Serializable>;
    registry[name] = [Layer, Layer.fromConfig];
    try {
      super(args as TfBidirectionalArgs);
    } finally {
      if (saved === undefined) delete registry[name];
      else registry[name] = saved;
    }
  }

  /** Builds the wrapped layer with the class registered under its name, then the wrapper. */
  static fromConfig<T extends tf.serialization.Serializable>(cls: tf.serialization.SerializableConstructor<T>, config: tf.serialization.ConfigDict): T {
    const inner = config['layer'] as { className?: string; config?: tf.serialization.ConfigDict } | undefined;
    const entry = inner?.className === undefined ? undefined : tf.serialization.SerializationMap.getMap().classNameMap[inner.className];
    if (inner === undefined || entry === undefined) {
      throw new InputError('Bidirectional', 'layer', `layer must name a registered recurrent layer class, got ${JSON.stringify(inner?.className ?? null)}`);
    }
    const [layerClass, fromConfig] = entry;
    const layer = fromConfig(layerClass, inner.config ?? {});
    const { layer: _layer, ...rest } = config;
    return new cls({ ...rest, layer });
  }
}
