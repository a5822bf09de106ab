import { Button, Space, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** The stored signature's size: small enough for one record (a PNG data URL of a few kB). */
const outWidth = 240;
const outHeight = 90;
/** Beyond this a signature is refused (the record schema's bound). */
export const signatureMaxChars = 60_000;

/**
 * A signature pad (签字板): the crew signs with a mouse, pen or finger on a canvas. Each stroke ends with
 * the drawing scaled down to a small PNG data URL handed to `onChange` (null when cleared).
 */
export function SignaturePad({
  onChange,
  testId = 'signature-pad',
}: {
  readonly onChange: (dataUrl: string | null) => void;
  readonly testId?: string;
}) {
  const { t } = useTranslation('faults');
  const canvas = useRef<HTMLCanvasElement | null>(null);
  const drawing = useRef(false);
  // A ref as well as state: a stroke's end reads it before React has re-rendered for its moves.
  const inkedRef = useRef(false);
  const [inked, setInked] = useState(false);

  useEffect(() => {
    const c = canvas.current;
    const ctx = c?.getContext('2d');
    if (c && ctx) {
      ctx.fillStyle = '#ffffff';
      ctx.fillRect(0, 0, c.width, c.height);
    }
  }, []);

  const point = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const c = e.currentTarget;
    const box = c.getBoundingClientRect();
    return {
      x: ((e.clientX - box.left) * c.width) / box.width,
      y: ((e.clientY - box.top) * c.height) / box.height,
    };
  };
  const down = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const ctx = e.currentTarget.getContext('2d');
    if (!ctx) {
      return;
    }
    drawing.current = true;
    e.currentTarget.setPointerCapture?.(e.pointerId);
    const p = point(e);
    ctx.strokeStyle = '#102a43';
    ctx.lineWidth = 3;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.beginPath();
    ctx.moveTo(p.x, p.y);
  };
  const move = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const ctx = e.currentTarget.getContext('2d');
    if (!drawing.current || !ctx) {
      return;
    }
    const p = point(e);
    ctx.lineTo(p.x, p.y);
    ctx.stroke();
    inkedRef.current = true;
    setInked(true);
  };
  const up = () => {
    if (!drawing.current) {
      return;
    }
    drawing.current = false;
    const c = canvas.current;
    if (c === null || !inkedRef.current) {
      return;
    }
    const small = document.createElement('canvas');
    small.width = outWidth;
    small.height = outHeight;
    small.getContext('2d')?.drawImage(c, 0, 0, outWidth, outHeight);
    const url = small.toDataURL('image/png');
    onChange(url.length <= signatureMaxChars ? url : null);
  };
  const clear = () => {
    const c = canvas.current;
    const ctx = c?.getContext('2d');
    if (c && ctx) {
      ctx.fillStyle = '#ffffff';
      ctx.fillRect(0, 0, c.width, c.height);
    }
    inkedRef.current = false;
    setInked(false);
    onChange(null);
  };

  return (
    <Space direction="vertical" size={4}>
      <canvas
        ref={canvas}
        width={480}
        height={180}
        style={{
          width: 360,
          height: 135,
          border: '1px dashed #8c8c8c',
          borderRadius: 4,
          touchAction: 'none',
        }}
        onPointerDown={down}
        onPointerMove={move}
        onPointerUp={up}
        onPointerLeave={up}
        data-testid={testId}
        aria-label={t('signOff.padLabel')}
      />
      <Space>
        <Typography.Text type="secondary">
          {inked ? t('signOff.signed') : t('signOff.signHere')}
        </Typography.Text>
        <Button size="small" onClick={clear} data-testid={`${testId}-clear`}>
          {t('signOff.clear')}
        </Button>
      </Space>
    </Space>
  );
}
