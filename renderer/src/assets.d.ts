// Vite turns imported CSS into a separate stylesheet file (no inline styles: the CSP forbids them).
declare module '*.css';
