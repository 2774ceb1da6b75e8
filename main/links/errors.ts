// Node's I/O errors turned into sentences a pilot can act on: the link
// state shows them as they are, so they name the port, host or file.

import { isIPv6 } from 'node:net';
import type { LinkState } from './transport';

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** `host:port`, with IPv6 literals in brackets. */
export function formatEndpoint(host: string, port: number): string {
  return `${isIPv6(host) ? `[${host}]` : host}:${port}`;
}

function isResolveFailure(code: string | undefined): boolean {
  return (
    code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME' || code === 'EAI_FAIL'
  );
}

/** A socket that could not bind or listen (udpin, tcpin, udpout's local socket). */
export function describeListenError(error: unknown, host: string, port: number): string {
  const code = codeOf(error);
  switch (code) {
    case 'EADDRINUSE':
      return `port ${port} is already in use`;
    case 'EACCES':
    case 'EPERM':
      return `permission denied to listen on port ${port}`;
    case 'EADDRNOTAVAIL':
      return `${host} is not an address of this machine`;
  }
  if (isResolveFailure(code)) return `cannot resolve host '${host}'`;
  return `cannot listen on ${formatEndpoint(host, port)}: ${messageOf(error)}`;
}

/** A connection that could not be made or was lost (tcp, udpout). */
export function describeConnectError(error: unknown, host: string, port: number): string {
  const code = codeOf(error);
  const endpoint = formatEndpoint(host, port);
  switch (code) {
    case 'ECONNREFUSED':
      return `connection refused by ${endpoint}`;
    case 'ETIMEDOUT':
      return `no answer from ${endpoint}`;
    case 'EHOSTUNREACH':
      return `host ${host} is unreachable`;
    case 'ENETUNREACH':
      return `network unreachable for ${endpoint}`;
    case 'ECONNRESET':
      return `connection reset by ${endpoint}`;
    case 'EPIPE':
      return `connection to ${endpoint} was closed`;
  }
  if (isResolveFailure(code)) return `cannot resolve host '${host}'`;
  return `cannot connect to ${endpoint}: ${messageOf(error)}`;
}

/** A serial port that could not be opened; the native binding sets errno-style codes. */
export function describeSerialError(error: unknown, path: string): string {
  switch (codeOf(error)) {
    case 'ENOENT':
    case 'ENODEV':
    case 'ENXIO':
      return `no such serial port ${path}`;
    case 'EACCES':
    case 'EPERM':
      return `permission denied on ${path}: add yourself to the dialout group`;
    case 'EBUSY':
      return `${path} is in use by another program`;
  }
  const message = messageOf(error);
  return message.includes(path) ? message : `cannot open ${path}: ${message}`;
}

/** A tlog that could not be opened or read. */
export function describeFileError(error: unknown, path: string): string {
  switch (codeOf(error)) {
    case 'ENOENT':
      return `file not found: ${path}`;
    case 'EACCES':
    case 'EPERM':
      return `permission denied: ${path}`;
    case 'EISDIR':
      return `${path} is a directory, not a tlog file`;
  }
  return `cannot read ${path}: ${messageOf(error)}`;
}

/** Whether a new state would tell a person nothing new (transports report changes only). */
export function sameState(last: LinkState | undefined, next: LinkState): boolean {
  if (last === undefined || last.status !== next.status) return false;
  return last.status !== 'error' || (next.status === 'error' && last.message === next.message);
}
