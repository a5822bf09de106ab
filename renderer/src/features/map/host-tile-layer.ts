import L from 'leaflet';
import { imageMime } from '#shared/geo/tile-sources';
import type { ServedTile } from '#shared/host/contract/index';

export type TileFetcher = (z: number, x: number, y: number) => Promise<ServedTile | null>;

/**
 * Tiles through the host contract: the host answers from the offline areas (MBTiles) first and, when
 * allowed and online, from the tile source. The renderer never holds a key or talks to a tile server.
 * A tile nobody has stays transparent over the map's plain background, never a broken image.
 */
export class HostTileLayer extends L.GridLayer {
  constructor(
    private readonly fetchTile: TileFetcher,
    options: L.GridLayerOptions,
  ) {
    super(options);
  }

  protected override createTile(coords: L.Coords, done: L.DoneCallback): HTMLElement {
    const tile = document.createElement('div');
    tile.className = 'host-tile';
    this.fetchTile(coords.z, coords.x, coords.y)
      .then((served) => {
        if (served === null) {
          tile.dataset['tile'] = 'none';
          done(undefined, tile);
          return;
        }
        const img = document.createElement('img');
        img.alt = '';
        img.draggable = false;
        img.onload = () => {
          tile.dataset['tile'] = served.from;
          done(undefined, tile);
        };
        img.onerror = () => {
          tile.dataset['tile'] = 'broken';
          img.remove();
          done(undefined, tile);
        };
        if (served.overzoom !== null) {
          // An ancestor tile from an offline area: show our quarter (sixteenth…) of it, enlarged.
          const { levels, col, row } = served.overzoom;
          const size = 256 * 2 ** levels;
          img.style.width = `${size}px`;
          img.style.height = `${size}px`;
          img.style.transform = `translate(${-col * 256}px, ${-row * 256}px)`;
          tile.dataset['overzoom'] = String(levels);
        }
        img.src = `data:${imageMime[served.format]};base64,${served.dataBase64}`;
        tile.appendChild(img);
      })
      .catch((error: unknown) => {
        tile.dataset['tile'] = 'error';
        done(error instanceof Error ? error : new Error(String(error)), tile);
      });
    return tile;
  }
}
