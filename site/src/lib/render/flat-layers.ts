/**
 * Two small deck.gl layers that draw discs and line segments as one plain (non-instanced)
 * triangle list each, expanded on the CPU: six vertices per disc or segment.
 *
 * Why not ScatterplotLayer and LineLayer: those draw one instance per item, and a software
 * WebGL renderer (SwiftShader: headless Chromium, machines without a usable GPU) pays a fixed
 * cost per instance. Measured in this project's headless Chromium on a 700×700 canvas:
 * 2,000 instanced discs take 50 ms per frame, the same discs as a plain triangle list stay at
 * the 16.7 ms vsync, and 6,000 take 167 ms against 16.7 ms. Their shaders are also small, so
 * a first draw compiles quickly. On a GPU either way is fast.
 *
 * The layers take typed arrays (interleaved x, y in world units; RGBA bytes), which the caller
 * may change in place: a layer re-reads positions or colours when their version prop changes.
 * They do no picking: the Scene finds the node under the pointer on the CPU.
 */
import { Layer, type DefaultProps, type LayerContext, type UpdateParameters } from '@deck.gl/core';
import { Buffer, type Device, type Texture } from '@luma.gl/core';
import { Model } from '@luma.gl/engine';

/** Values of the uniform block below. */
interface SvUniforms {
  viewProjection: number[];
  clipPerPixel: [number, number];
  size: number;
  stroke: number;
  /** Tween progress: positions drawn at mix(from, to, progress). */
  progress: number;
}

const UNIFORM_BLOCK = /* glsl */ `\
layout(std140) uniform svUniforms {
  mat4 viewProjection;
  vec2 clipPerPixel;
  float size;
  float stroke;
  float progress;
} sv;
`;

/** Uniforms shared by both layers: the view's matrix, clip units per CSS pixel, sizes in pixels. */
const svModule = {
  name: 'sv',
  vs: UNIFORM_BLOCK,
  fs: UNIFORM_BLOCK,
  uniformTypes: {
    viewProjection: 'mat4x4<f32>' as const,
    clipPerPixel: 'vec2<f32>' as const,
    size: 'f32' as const,
    stroke: 'f32' as const,
    progress: 'f32' as const,
  },
};

const DISC_VS = /* glsl */ `\
#version 300 es
in vec2 centreFrom;
in vec2 centre;
in vec2 corner;
in vec4 colour;
in float scale;
out vec4 vColour;
out vec2 vPixel;
out float vRadius;
void main(void) {
  vec4 position = sv.viewProjection * vec4(mix(centreFrom, centre, sv.progress), 0.0, 1.0);
  vRadius = sv.size * scale;
  // Half a pixel beyond the radius, where the antialiased rim ends.
  float extent = vRadius + 0.5;
  position.xy += corner * extent * sv.clipPerPixel * position.w;
  gl_Position = position;
  vPixel = corner * extent;
  vColour = colour;
}
`;

const DISC_FS = /* glsl */ `\
#version 300 es
precision highp float;
in vec4 vColour;
in vec2 vPixel;
in float vRadius;
out vec4 fragColor;
void main(void) {
  float d = length(vPixel);
  float coverage = clamp(vRadius + 0.5 - d, 0.0, 1.0);
  if (sv.stroke > 0.0) coverage *= clamp(d - (vRadius - sv.stroke) + 0.5, 0.0, 1.0);
  if (coverage <= 0.0) discard;
  fragColor = vec4(vColour.rgb, vColour.a * coverage);
}
`;

const SEGMENT_VS = /* glsl */ `\
#version 300 es
in vec2 sourceFrom;
in vec2 targetFrom;
in vec2 source;
in vec2 target;
in vec2 corner;
in vec4 colour;
out vec4 vColour;
out float vAcross;
void main(void) {
  vec4 a = sv.viewProjection * vec4(mix(sourceFrom, source, sv.progress), 0.0, 1.0);
  vec4 b = sv.viewProjection * vec4(mix(targetFrom, target, sv.progress), 0.0, 1.0);
  // Direction in pixels, so the width is the same along x and y.
  vec2 along = (b.xy / b.w - a.xy / a.w) / sv.clipPerPixel;
  float len = length(along);
  vec2 dir = len > 0.0 ? along / len : vec2(1.0, 0.0);
  // Half the width plus half a pixel on each side: the antialiased fringe ends there.
  float half_ = 0.5 * sv.size + 0.5;
  vec4 position = mix(a, b, corner.x);
  position.xy += vec2(-dir.y, dir.x) * corner.y * half_ * sv.clipPerPixel * position.w;
  gl_Position = position;
  vAcross = corner.y * half_;
  vColour = colour;
}
`;

const SEGMENT_FS = /* glsl */ `\
#version 300 es
precision highp float;
in vec4 vColour;
in float vAcross;
out vec4 fragColor;
void main(void) {
  float coverage = clamp(0.5 * sv.size + 0.5 - abs(vAcross), 0.0, 1.0);
  fragColor = vec4(vColour.rgb, vColour.a * coverage);
}
`;

/** Two triangles per item: (corner x, corner y) of each of the six vertices. */
const DISC_CORNERS = [-1, -1, 1, -1, -1, 1, -1, 1, 1, -1, 1, 1];
const SEGMENT_CORNERS = [0, -1, 1, -1, 0, 1, 0, 1, 1, -1, 1, 1];
/** One hardware line per segment: its two ends. */
const LINE_CORNERS = [0, 0, 1, 0];

/** One per-item attribute: `size` values per item, repeated for each of its vertices. */
interface ItemAttribute {
  name: string;
  values: Float32Array | Uint8Array;
  size: number;
  /** Re-read when this changes. */
  version: number;
}

/** A model, its vertex buffers and what they currently hold. */
interface Mesh {
  model: Model;
  /** Corner values of one item's vertices (2 per vertex). */
  corners: readonly number[];
  buffers: Map<string, Buffer>;
  scratch: Map<string, Float32Array | Uint8Array>;
  versions: Map<string, number>;
  /** Items drawn. */
  count: number;
  /** Items the buffers hold room for: a new count up to it rewrites data, never buffers. */
  capacity: number;
}

function verticesPerItem(mesh: Mesh): number {
  return mesh.corners.length / 2;
}

/** Replaces the named vertex buffer by one of `data`'s size. */
function createAttribute(
  device: Device,
  mesh: Mesh,
  name: string,
  data: Float32Array | Uint8Array,
): void {
  mesh.buffers.get(name)?.destroy();
  const buffer = device.createBuffer({ usage: Buffer.VERTEX, data });
  mesh.buffers.set(name, buffer);
  mesh.model.setAttributes({ [name]: buffer });
}

/**
 * Brings the mesh up to `count` items and the attributes' versions. The buffers grow (by half
 * again) only when `count` exceeds their capacity; a smaller or equal count, such as the next
 * snapshot's edges, rewrites the first items in place, and only the attributes whose version
 * changed.
 */
function syncMesh(
  device: Device,
  mesh: Mesh,
  count: number,
  attributes: readonly ItemAttribute[],
): void {
  if (count === 0) {
    mesh.count = 0;
    return;
  }
  const per = verticesPerItem(mesh);
  const grown = count > mesh.capacity || !mesh.buffers.has('corner');
  if (grown) {
    mesh.capacity = Math.max(count, Math.ceil(mesh.capacity * 1.5));
    const corners = new Float32Array(mesh.corners.length * mesh.capacity);
    for (let i = 0; i < mesh.capacity; i++) corners.set(mesh.corners, mesh.corners.length * i);
    createAttribute(device, mesh, 'corner', corners);
    mesh.scratch.clear();
  }
  const recount = count !== mesh.count;
  mesh.count = count;
  for (const { name, values, size, version } of attributes) {
    if (!grown && !recount && mesh.versions.get(name) === version) continue;
    let out = mesh.scratch.get(name);
    if (!out) {
      const length = size * per * mesh.capacity;
      out = values instanceof Uint8Array ? new Uint8Array(length) : new Float32Array(length);
      mesh.scratch.set(name, out);
    }
    for (let i = 0; i < count; i++) {
      for (let v = 0; v < per; v++) {
        const o = (per * i + v) * size;
        for (let k = 0; k < size; k++) out[o + k] = values[i * size + k] ?? 0;
      }
    }
    if (grown) createAttribute(device, mesh, name, out);
    else mesh.buffers.get(name)?.write(out.subarray(0, size * per * count));
    mesh.versions.set(name, version);
  }
}

function createMesh(
  device: Device,
  id: string,
  shaders: { vs: string; fs: string },
  layout: { name: string; format: 'float32' | 'float32x2' | 'unorm8x4' }[],
  corners: readonly number[],
  topology: 'triangle-list' | 'line-list' = 'triangle-list',
): Mesh {
  const model = new Model(device, {
    id,
    ...shaders,
    modules: [svModule],
    bufferLayout: [...layout, { name: 'corner', format: 'float32x2' }],
    topology,
    vertexCount: 0,
    // Flat 2-D drawing in layer order: no depth test (a per-fragment cost in software renderers).
    parameters: { depthWriteEnabled: false, depthCompare: 'always' },
  });
  return {
    model,
    corners,
    buffers: new Map(),
    scratch: new Map(),
    versions: new Map(),
    count: 0,
    capacity: 0,
  };
}

function drawMesh(
  layer: Layer,
  mesh: Mesh | undefined,
  uniforms: Omit<SvUniforms, 'viewProjection' | 'clipPerPixel'>,
): void {
  const viewport = layer.context.viewport;
  if (!mesh || mesh.count === 0) return;
  mesh.model.setVertexCount(verticesPerItem(mesh) * mesh.count);
  mesh.model.shaderInputs.setProps({
    sv: {
      ...uniforms,
      viewProjection: viewport.viewProjectionMatrix,
      clipPerPixel: [2 / Math.max(1, viewport.width), 2 / Math.max(1, viewport.height)],
    },
  });
  mesh.model.draw(layer.context.renderPass);
}

function destroyMesh(mesh: Mesh | undefined): void {
  if (!mesh) return;
  for (const buffer of mesh.buffers.values()) buffer.destroy();
  mesh.model.destroy();
}

/**
 * What both layers take besides their geometry. A tween runs on the GPU: the layers hold the
 * start (`from…`) and end positions, and each frame only `progress` changes, so a frame
 * uploads no vertex data (the buffers are written when a tween starts).
 */
interface ItemProps {
  /** RGBA bytes of each item. */
  colours: Uint8Array;
  /** Number of items drawn (the first `count` of the arrays). */
  count: number;
  /** Bump to re-read the positions (start and end) / `colours`. */
  positionsVersion: number;
  coloursVersion: number;
  /** Where the tween stands, 0 (start positions) to 1 (end positions). */
  progress: number;
}

const ITEM_DEFAULTS = {
  colours: { type: 'object', value: new Uint8Array(0), compare: false },
  count: 0,
  positionsVersion: 0,
  coloursVersion: 0,
  progress: 1,
} as const;

/** The start positions, or the end positions when no start was given (no tween). */
function startOf(from: Float32Array, to: Float32Array, count: number, size: number): Float32Array {
  return from.length >= count * size ? from : to;
}

export interface DiscLayerProps extends ItemProps {
  /** Interleaved x, y of each disc, world units (where a tween ends). */
  positions: Float32Array;
  /** Where the tween starts (same layout); empty: at `positions`. */
  fromPositions: Float32Array;
  /** Radius in CSS pixels. */
  radius: number;
  /** Per-disc radius multiplier (count values); empty: every disc has `radius`. */
  scales: Float32Array;
  /** Bump to re-read `scales`. */
  scalesVersion: number;
  /** Ring width in CSS pixels; 0 fills the disc. */
  stroke: number;
}

/** `count` ones, shared by every disc layer without per-disc sizes. */
let ones = new Float32Array(0);
function unitScales(count: number): Float32Array {
  if (ones.length < count) ones = new Float32Array(Math.max(count, 2 * ones.length)).fill(1);
  return ones;
}

/** Discs, filled or as rings, of one radius times an optional per-disc scale. */
export class DiscLayer extends Layer<DiscLayerProps> {
  static override layerName = 'DiscLayer';
  static override defaultProps: DefaultProps<DiscLayerProps> = {
    ...ITEM_DEFAULTS,
    positions: { type: 'object', value: new Float32Array(0), compare: false },
    fromPositions: { type: 'object', value: new Float32Array(0), compare: false },
    radius: 3,
    scales: { type: 'object', value: new Float32Array(0), compare: false },
    scalesVersion: 0,
    stroke: 0,
  };
  declare state: { mesh?: Mesh };

  override initializeState(context: LayerContext): void {
    const layout = [
      { name: 'centreFrom', format: 'float32x2' as const },
      { name: 'centre', format: 'float32x2' as const },
      { name: 'colour', format: 'unorm8x4' as const },
      { name: 'scale', format: 'float32' as const },
    ];
    const mesh = createMesh(
      context.device,
      `${this.props.id}-discs`,
      { vs: DISC_VS, fs: DISC_FS },
      layout,
      DISC_CORNERS,
    );
    this.setState({ mesh });
  }

  override updateState({ props }: UpdateParameters<this>): void {
    if (!this.state.mesh) return;
    syncMesh(this.context.device, this.state.mesh, props.count, [
      {
        name: 'centreFrom',
        values: startOf(props.fromPositions, props.positions, props.count, 2),
        size: 2,
        version: props.positionsVersion,
      },
      { name: 'centre', values: props.positions, size: 2, version: props.positionsVersion },
      { name: 'colour', values: props.colours, size: 4, version: props.coloursVersion },
      // Without per-disc scales the version stays -1, so the shared ones are read once.
      props.scales.length >= props.count
        ? { name: 'scale', values: props.scales, size: 1, version: props.scalesVersion }
        : { name: 'scale', values: unitScales(props.count), size: 1, version: -1 - props.count },
    ]);
  }

  override draw(): void {
    drawMesh(this, this.state.mesh, {
      size: this.props.radius,
      stroke: this.props.stroke,
      progress: this.props.progress,
    });
  }

  override finalizeState(context: LayerContext): void {
    destroyMesh(this.state.mesh);
    super.finalizeState(context);
  }
}

export interface SegmentLayerProps extends ItemProps {
  /** Interleaved x, y of each segment's start and end, world units (where a tween ends). */
  sources: Float32Array;
  targets: Float32Array;
  /** The same where the tween starts; empty: at `sources` / `targets`. */
  fromSources: Float32Array;
  fromTargets: Float32Array;
  /** Width in CSS pixels. */
  width: number;
  /**
   * Draw 1-pixel hardware lines instead of antialiased quads: about half the fill cost in a
   * software renderer; the Scene uses it while nodes are moving and redraws smooth at rest.
   */
  hairline: boolean;
}

/** Straight segments of one width. */
export class SegmentLayer extends Layer<SegmentLayerProps> {
  static override layerName = 'SegmentLayer';
  static override defaultProps: DefaultProps<SegmentLayerProps> = {
    ...ITEM_DEFAULTS,
    sources: { type: 'object', value: new Float32Array(0), compare: false },
    targets: { type: 'object', value: new Float32Array(0), compare: false },
    fromSources: { type: 'object', value: new Float32Array(0), compare: false },
    fromTargets: { type: 'object', value: new Float32Array(0), compare: false },
    width: 1,
    hairline: false,
  };
  declare state: { quads?: Mesh; lines?: Mesh };

  override initializeState(context: LayerContext): void {
    const layout = [
      { name: 'sourceFrom', format: 'float32x2' as const },
      { name: 'targetFrom', format: 'float32x2' as const },
      { name: 'source', format: 'float32x2' as const },
      { name: 'target', format: 'float32x2' as const },
      { name: 'colour', format: 'unorm8x4' as const },
    ];
    const shaders = { vs: SEGMENT_VS, fs: SEGMENT_FS };
    this.setState({
      quads: createMesh(context.device, `${this.props.id}-quads`, shaders, layout, SEGMENT_CORNERS),
      lines: createMesh(
        context.device,
        `${this.props.id}-lines`,
        shaders,
        layout,
        LINE_CORNERS,
        'line-list',
      ),
    });
  }

  private active(): Mesh | undefined {
    return this.props.hairline ? this.state.lines : this.state.quads;
  }

  override updateState({ props }: UpdateParameters<this>): void {
    const mesh = props.hairline ? this.state.lines : this.state.quads;
    if (!mesh) return;
    syncMesh(this.context.device, mesh, props.count, [
      {
        name: 'sourceFrom',
        values: startOf(props.fromSources, props.sources, props.count, 2),
        size: 2,
        version: props.positionsVersion,
      },
      {
        name: 'targetFrom',
        values: startOf(props.fromTargets, props.targets, props.count, 2),
        size: 2,
        version: props.positionsVersion,
      },
      { name: 'source', values: props.sources, size: 2, version: props.positionsVersion },
      { name: 'target', values: props.targets, size: 2, version: props.positionsVersion },
      { name: 'colour', values: props.colours, size: 4, version: props.coloursVersion },
    ]);
  }

  override draw(): void {
    drawMesh(this, this.active(), {
      size: this.props.width,
      stroke: 0,
      progress: this.props.progress,
    });
  }

  override finalizeState(context: LayerContext): void {
    destroyMesh(this.state.quads);
    destroyMesh(this.state.lines);
    super.finalizeState(context);
  }
}

const IMAGE_BLOCK = /* glsl */ `\
layout(std140) uniform svImageUniforms {
  mat4 viewProjection;
  vec2 origin;
  vec2 extent;
} svImage;
`;

/** Uniforms of the image layer: the view's matrix and the quad's lower-left corner and size, world units. */
const svImageModule = {
  name: 'svImage',
  vs: IMAGE_BLOCK,
  fs: IMAGE_BLOCK,
  uniformTypes: {
    viewProjection: 'mat4x4<f32>' as const,
    origin: 'vec2<f32>' as const,
    extent: 'vec2<f32>' as const,
  },
};

const IMAGE_VS = /* glsl */ `\
#version 300 es
in vec2 corner;
out vec2 vUv;
void main(void) {
  vec2 world = svImage.origin + corner * svImage.extent;
  gl_Position = svImage.viewProjection * vec4(world, 0.0, 1.0);
  // Row 0 of the image is its top row.
  vUv = vec2(corner.x, 1.0 - corner.y);
}
`;

const IMAGE_FS = /* glsl */ `\
#version 300 es
precision highp float;
uniform sampler2D image;
in vec2 vUv;
out vec4 fragColor;
void main(void) {
  fragColor = texture(image, vUv);
}
`;

/** Two triangles covering the unit square. */
const QUAD_CORNERS = Float32Array.of(0, 0, 1, 0, 0, 1, 0, 1, 1, 0, 1, 1);

export interface ImageLayerProps {
  /** RGBA bytes, `width` × `height`, row 0 at the top (straight alpha). */
  pixels: Uint8Array;
  width: number;
  height: number;
  /** Bump to re-read `pixels`. */
  pixelsVersion: number;
  /** Where the image lies, world units: [left, bottom, right, top]. */
  bounds: [number, number, number, number];
}

/**
 * A small RGBA image stretched over a rectangle with linear filtering: one texture, one quad
 * (two triangles), so it costs a software renderer no more than its pixels. Used for the
 * decision regions under a toy set's input plane.
 */
export class ImageLayer extends Layer<ImageLayerProps> {
  static override layerName = 'ImageLayer';
  static override defaultProps: DefaultProps<ImageLayerProps> = {
    pixels: { type: 'object', value: new Uint8Array(4), compare: false },
    width: 1,
    height: 1,
    pixelsVersion: 0,
    bounds: { type: 'array', value: [-1, -1, 1, 1], compare: true },
  };
  declare state: { model?: Model; corners?: Buffer; texture?: Texture; version?: number };

  override initializeState(context: LayerContext): void {
    const device = context.device;
    const corners = device.createBuffer({ usage: Buffer.VERTEX, data: QUAD_CORNERS });
    const model = new Model(device, {
      id: `${this.props.id}-image`,
      vs: IMAGE_VS,
      fs: IMAGE_FS,
      modules: [svImageModule],
      bufferLayout: [{ name: 'corner', format: 'float32x2' }],
      attributes: { corner: corners },
      topology: 'triangle-list',
      vertexCount: 6,
      parameters: { depthWriteEnabled: false, depthCompare: 'always' },
    });
    this.setState({ model, corners });
  }

  override updateState({ props }: UpdateParameters<this>): void {
    const { model } = this.state;
    if (!model || this.state.version === props.pixelsVersion) return;
    let texture = this.state.texture;
    if (!texture || texture.width !== props.width || texture.height !== props.height) {
      texture?.destroy();
      texture = this.context.device.createTexture({
        width: props.width,
        height: props.height,
        format: 'rgba8unorm',
        sampler: {
          minFilter: 'linear',
          magFilter: 'linear',
          addressModeU: 'clamp-to-edge',
          addressModeV: 'clamp-to-edge',
        },
      });
      model.setBindings({ image: texture });
    }
    texture.writeData(props.pixels);
    this.setState({ texture, version: props.pixelsVersion });
  }

  override draw(): void {
    const { model } = this.state;
    if (!model || !this.state.texture) return;
    const [left, bottom, right, top] = this.props.bounds;
    model.shaderInputs.setProps({
      svImage: {
        viewProjection: this.context.viewport.viewProjectionMatrix,
        origin: [left, bottom],
        extent: [right - left, top - bottom],
      },
    });
    model.draw(this.context.renderPass);
  }

  override finalizeState(context: LayerContext): void {
    this.state.model?.destroy();
    this.state.corners?.destroy();
    this.state.texture?.destroy();
    super.finalizeState(context);
  }
}
