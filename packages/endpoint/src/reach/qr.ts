/** QR codes of the poster and the share images, and the hosted-page address they lead to. */
import QRCode from 'qrcode';
import type { Lang } from './strings.js';

/** The hosted page a QR code leads to (`publicUrl` without a trailing slash). */
export const hostedPageUrl = (publicUrl: string, campaign: string, lang: Lang): string => `${publicUrl}/c/${campaign}?lang=${lang}`;

/** The hosted page's address as printed beside a code on an image: host and path, no scheme ("give.example.org/c/team"). */
export function shortUrl(publicUrl: string, campaign: string): string {
  const u = new URL(`${publicUrl}/c/${campaign}`);
  return `${u.host}${u.pathname}`;
}

/** The QR code as SVG markup (dark modules on white, a quiet zone of 4). */
export function qrSvg(text: string): Promise<string> {
  return QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 4, color: { dark: '#000000', light: '#ffffff' } });
}
