/** The extensions the server reads (it checks the content too). */
export const acceptedExtensions = ['pdf', 'docx', 'txt', 'md', 'html', 'htm', 'csv'] as const;

/** The server's default upload cap (PILOTO_MAX_UPLOAD_MB), in bytes. */
export const maxFileBytes = 25 << 20;

export type FileProblem = 'extension' | 'size' | 'empty';

/** Why a file cannot be sent, or null when it may go. */
export function fileProblem(file: File): FileProblem | null {
  const dot = file.name.lastIndexOf('.');
  const extension = dot >= 0 ? file.name.slice(dot + 1).toLowerCase() : '';
  if (!(acceptedExtensions as readonly string[]).includes(extension)) return 'extension';
  if (file.size === 0) return 'empty';
  if (file.size > maxFileBytes) return 'size';
  return null;
}

/** A size for people: 1,5 MB. */
export function formatBytes(bytes: number, locale: string): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: unit === 0 ? 0 : 1 }).format(value)} ${units[unit]}`;
}
