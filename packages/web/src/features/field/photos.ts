/** The types the server keeps as evidence (it checks the first bytes, not the name). */
const KEPT_TYPES = ['image/jpeg', 'image/png', 'image/webp'];
/** Photos above this are made smaller before they travel over a village's mobile network. */
const SHRINK_ABOVE_BYTES = 1.5 * 1024 * 1024;
const LONG_SIDE = 2048;

/** Loads a picture file into an element the canvas can draw. */
function loadImage(file: Blob): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const url = URL.createObjectURL(file);
    const img = new Image();
    img.onload = () => {
      URL.revokeObjectURL(url);
      resolve(img);
    };
    img.onerror = () => {
      URL.revokeObjectURL(url);
      reject(new Error('not a picture this browser can read'));
    };
    img.src = url;
  });
}

/**
 * A phone's photo ready to upload: a large one (a 12-megapixel camera gives 3–8 MB) redrawn as a JPEG of
 * at most 2048 pixels on its long side, and a type the server refuses (HEIC) converted where the browser
 * can read it. Anything that cannot be redrawn is sent as it is, for the server to judge.
 */
export async function photoForUpload(file: File): Promise<File> {
  const kept = KEPT_TYPES.includes(file.type);
  if (kept && file.size <= SHRINK_ABOVE_BYTES) return file;
  try {
    const img = await loadImage(file);
    const scale = Math.min(1, LONG_SIDE / Math.max(img.naturalWidth, img.naturalHeight));
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(img.naturalWidth * scale));
    canvas.height = Math.max(1, Math.round(img.naturalHeight * scale));
    const ctx = canvas.getContext('2d');
    if (!ctx) return file;
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.85));
    if (!blob || (kept && blob.size >= file.size)) return file;
    const name = file.name.replace(/\.[^.]*$/, '') || 'photo';
    return new File([blob], `${name}.jpg`, { type: 'image/jpeg' });
  } catch {
    return file;
  }
}
