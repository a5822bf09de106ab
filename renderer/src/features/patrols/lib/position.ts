export type DevicePosition = {
  readonly position: { readonly lat: number; readonly lng: number };
  readonly accuracyM: number;
};

/**
 * The device position from the shell's geolocation (Windows location service, or the browser's).
 * An external GNSS receiver comes through the map feature; this is the fallback every laptop has.
 */
export function currentPosition(timeoutMs = 10_000): Promise<DevicePosition | null> {
  if (!('geolocation' in navigator)) {
    return Promise.resolve(null);
  }
  return new Promise((resolve) => {
    navigator.geolocation.getCurrentPosition(
      (p) =>
        resolve({
          position: { lat: p.coords.latitude, lng: p.coords.longitude },
          accuracyM: Math.round(p.coords.accuracy * 10) / 10,
        }),
      () => resolve(null),
      { enableHighAccuracy: true, timeout: timeoutMs, maximumAge: 30_000 },
    );
  });
}
