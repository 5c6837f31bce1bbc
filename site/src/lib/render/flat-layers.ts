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
import { Buffer, type Device } from '@luma.gl/core';
import { Model } from '@luma.gl/engine';

/** Values of the uniform block below. */
interface SvUniforms {
  viewProjection: number[];
  clipPerPixel: [number, number];
  size: number;
  stroke: number;
}

const UNIFORM_BLOCK = /* glsl */ `\
layout(std140) uniform svUniforms {
  mat4 viewProjection;
  vec2 clipPerPixel;
  float size;
  float stroke;
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
  },
};

const DISC_VS = /* glsl */ `\
#version 300 es
in vec2 centre;
in vec2 corner;
in vec4 colour;
out vec4 vColour;
out vec2 vPixel;
void main(void) {
  vec4 position = sv.viewProjection * vec4(centre, 0.0, 1.0);
  // Half a pixel beyond the radius, where the antialiased rim ends.
  float extent = sv.size + 0.5;
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
out vec4 fragColor;
void main(void) {
  float d = length(vPixel);
  float coverage = clamp(sv.size + 0.5 - d, 0.0, 1.0);
  if (sv.stroke > 0.0) coverage *= clamp(d - (sv.size - sv.stroke) + 0.5, 0.0, 1.0);
  if (coverage <= 0.0) discard;
  fragColor = vec4(vColour.rgb, vColour.a * coverage);
}
`;

const SEGMENT_VS = /* glsl */ `\
#version 300 es
in vec2 source;
in vec2 target;
in vec2 corner;
in vec4 colour;
out vec4 vColour;
out float vAcross;
void main(void) {
  vec4 a = sv.viewProjection * vec4(source, 0.0, 1.0);
  vec4 b = sv.viewProjection * vec4(target, 0.0, 1.0);
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
  if (coverage <= 0.0) discard;
  fragColor = vec4(vColour.rgb, vColour.a * coverage);
}
`;

/** Two triangles per item: (corner x, corner y) of each of the six vertices. */
const DISC_CORNERS = [-1, -1, 1, -1, -1, 1, -1, 1, 1, -1, 1, 1];
const SEGMENT_CORNERS = [0, -1, 1, -1, 0, 1, 0, 1, 1, -1, 1, 1];

/** Repeats each item's `size` values six times (one copy per vertex) into `out`. */
function perVertex<T extends Float32Array | Uint8Array>(values: T, size: number, count: number, out: T): T {
  for (let i = 0; i < count; i++) {
    for (let v = 0; v < 6; v++) {
      const o = (6 * i + v) * size;
      for (let k = 0; k < size; k++) out[o + k] = values[i * size + k] ?? 0;
    }
  }
  return out;
}

interface Mesh {
  model: Model;
  buffers: Map<string, Buffer>;
  count: number;
}

/** Writes `data` into the named vertex buffer, replacing the buffer when its size changes. */
function writeAttribute(device: Device, mesh: Mesh, name: string, data: Float32Array | Uint8Array): void {
  const old = mesh.buffers.get(name);
  if (old && old.byteLength === data.byteLength) {
    old.write(data);
    return;
  }
  old?.destroy();
  const buffer = device.createBuffer({ usage: Buffer.VERTEX, data });
  mesh.buffers.set(name, buffer);
  mesh.model.setAttributes({ [name]: buffer });
}

function createMesh(
  device: Device,
  id: string,
  vs: string,
  fs: string,
  layout: { name: string; format: 'float32x2' | 'unorm8x4' }[],
): Mesh {
  const model = new Model(device, {
    id,
    vs,
    fs,
    modules: [svModule],
    bufferLayout: layout,
    topology: 'triangle-list',
    vertexCount: 0,
    // Flat 2-D drawing in layer order: no depth test (a per-fragment cost in software renderers).
    parameters: { depthWriteEnabled: false, depthCompare: 'always' },
  });
  return { model, buffers: new Map(), count: 0 };
}

function drawMesh(layer: Layer, mesh: Mesh | undefined, uniforms: Omit<SvUniforms, 'viewProjection' | 'clipPerPixel'>): void {
  const viewport = layer.context.viewport;
  if (!mesh || mesh.count === 0) return;
  mesh.model.setVertexCount(6 * mesh.count);
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

export interface DiscLayerProps {
  /** Interleaved x, y of each disc, world units. */
  positions: Float32Array;
  /** RGBA bytes of each disc. */
  colours: Uint8Array;
  /** Number of discs drawn (the first `count` of the arrays). */
  count: number;
  /** Bump to re-read `positions` / `colours`. */
  positionsVersion: number;
  coloursVersion: number;
  /** Radius in CSS pixels. */
  radius: number;
  /** Ring width in CSS pixels; 0 fills the disc. */
  stroke: number;
}

/** Discs of one radius, filled or as rings. Positions and colours are re-read when their arrays change. */
export class DiscLayer extends Layer<DiscLayerProps> {
  static override layerName = 'DiscLayer';
  static override defaultProps: DefaultProps<DiscLayerProps> = {
    positions: { type: 'object', value: new Float32Array(0), compare: false },
    colours: { type: 'object', value: new Uint8Array(0), compare: false },
    count: 0,
    positionsVersion: 0,
    coloursVersion: 0,
    radius: 3,
    stroke: 0,
  };
  declare state: { mesh?: Mesh; corners?: Float32Array; centres?: Float32Array; rgba?: Uint8Array };

  override initializeState(context: LayerContext): void {
    const mesh = createMesh(context.device, `${this.props.id}-discs`, DISC_VS, DISC_FS, [
      { name: 'centre', format: 'float32x2' },
      { name: 'corner', format: 'float32x2' },
      { name: 'colour', format: 'unorm8x4' },
    ]);
    this.setState({ mesh });
  }

  override updateState({ props, oldProps }: UpdateParameters<this>): void {
    const mesh = this.state.mesh;
    if (!mesh) return;
    const device = this.context.device;
    const n = props.count;
    if (n !== mesh.count || !this.state.corners) {
      const corners = new Float32Array(12 * n);
      for (let i = 0; i < n; i++) corners.set(DISC_CORNERS, 12 * i);
      writeAttribute(device, mesh, 'corner', corners);
      this.setState({ corners, centres: new Float32Array(12 * n), rgba: new Uint8Array(24 * n) });
    }
    const sized = n !== mesh.count;
    mesh.count = n;
    const { centres, rgba } = this.state;
    if (!centres || !rgba) return;
    if (sized || props.positionsVersion !== oldProps.positionsVersion) {
      writeAttribute(device, mesh, 'centre', perVertex(props.positions, 2, n, centres));
    }
    if (sized || props.coloursVersion !== oldProps.coloursVersion) {
      writeAttribute(device, mesh, 'colour', perVertex(props.colours, 4, n, rgba));
    }
  }

  override draw(): void {
    drawMesh(this, this.state.mesh, { size: this.props.radius, stroke: this.props.stroke });
  }

  override finalizeState(context: LayerContext): void {
    destroyMesh(this.state.mesh);
    super.finalizeState(context);
  }
}

export interface SegmentLayerProps {
  /** Interleaved x, y of each segment's start and end, world units. */
  sources: Float32Array;
  targets: Float32Array;
  /** RGBA bytes of each segment. */
  colours: Uint8Array;
  count: number;
  /** Bump to re-read `sources` and `targets` / `colours`. */
  positionsVersion: number;
  coloursVersion: number;
  /** Width in CSS pixels. */
  width: number;
}

/** Straight segments of one width. Positions and colours are re-read when their arrays change. */
export class SegmentLayer extends Layer<SegmentLayerProps> {
  static override layerName = 'SegmentLayer';
  static override defaultProps: DefaultProps<SegmentLayerProps> = {
    sources: { type: 'object', value: new Float32Array(0), compare: false },
    targets: { type: 'object', value: new Float32Array(0), compare: false },
    colours: { type: 'object', value: new Uint8Array(0), compare: false },
    count: 0,
    positionsVersion: 0,
    coloursVersion: 0,
    width: 1,
  };
  declare state: { mesh?: Mesh; ends?: [Float32Array, Float32Array]; rgba?: Uint8Array };

  override initializeState(context: LayerContext): void {
    const mesh = createMesh(context.device, `${this.props.id}-segments`, SEGMENT_VS, SEGMENT_FS, [
      { name: 'source', format: 'float32x2' },
      { name: 'target', format: 'float32x2' },
      { name: 'corner', format: 'float32x2' },
      { name: 'colour', format: 'unorm8x4' },
    ]);
    this.setState({ mesh });
  }

  override updateState({ props, oldProps }: UpdateParameters<this>): void {
    const mesh = this.state.mesh;
    if (!mesh) return;
    const device = this.context.device;
    const m = props.count;
    const sized = m !== mesh.count || !this.state.ends;
    if (sized) {
      const corners = new Float32Array(12 * m);
      for (let i = 0; i < m; i++) corners.set(SEGMENT_CORNERS, 12 * i);
      writeAttribute(device, mesh, 'corner', corners);
      this.setState({ ends: [new Float32Array(12 * m), new Float32Array(12 * m)], rgba: new Uint8Array(24 * m) });
    }
    mesh.count = m;
    const { ends, rgba } = this.state;
    if (!ends || !rgba) return;
    if (sized || props.positionsVersion !== oldProps.positionsVersion) {
      writeAttribute(device, mesh, 'source', perVertex(props.sources, 2, m, ends[0]));
      writeAttribute(device, mesh, 'target', perVertex(props.targets, 2, m, ends[1]));
    }
    if (sized || props.coloursVersion !== oldProps.coloursVersion) {
      writeAttribute(device, mesh, 'colour', perVertex(props.colours, 4, m, rgba));
    }
  }

  override draw(): void {
    drawMesh(this, this.state.mesh, { size: this.props.width, stroke: 0 });
  }

  override finalizeState(context: LayerContext): void {
    destroyMesh(this.state.mesh);
    super.finalizeState(context);
  }
}
