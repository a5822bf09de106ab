import { Alert, Modal } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** A webcam frame as a JPEG (the host resizes and stamps it like any photo). */
export function WebcamCapture(props: {
  readonly open: boolean;
  readonly onClose: () => void;
  readonly onCapture: (jpeg: Blob) => void;
}) {
  const { t } = useTranslation('patrols');
  const video = useRef<HTMLVideoElement>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!props.open) {
      return;
    }
    let stream: MediaStream | null = null;
    let live = true;
    navigator.mediaDevices
      ?.getUserMedia({ video: { width: { ideal: 1920 } }, audio: false })
      .then((s) => {
        stream = s;
        if (!live) {
          s.getTracks().forEach((tr) => tr.stop());
          return;
        }
        if (video.current) {
          video.current.srcObject = s;
          void video.current.play();
        }
      })
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
    return () => {
      live = false;
      stream?.getTracks().forEach((tr) => tr.stop());
      setError(null);
    };
  }, [props.open]);

  const capture = () => {
    const v = video.current;
    if (v === null || v.videoWidth === 0) {
      return;
    }
    const canvas = document.createElement('canvas');
    canvas.width = v.videoWidth;
    canvas.height = v.videoHeight;
    canvas.getContext('2d')?.drawImage(v, 0, 0);
    canvas.toBlob((blob) => blob && props.onCapture(blob), 'image/jpeg', 0.92);
  };

  return (
    <Modal
      open={props.open}
      title={t('photos.capture')}
      okText={t('photos.shoot')}
      onOk={capture}
      onCancel={props.onClose}
      destroyOnHidden
    >
      {error !== null ? (
        <Alert type="error" showIcon message={t('photos.noCamera', { message: error })} />
      ) : (
        <video ref={video} style={{ width: '100%' }} muted playsInline />
      )}
    </Modal>
  );
}
