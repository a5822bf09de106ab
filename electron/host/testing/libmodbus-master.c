/*
 * A libmodbus RTU master that reads the same registers back to back, for the serial benchmark: the
 * engine mbpoll is built on, without mbpoll's poll interval.
 *
 * usage: libmodbus-master <device> <baud> <N|E|O> <unit-id> <address> <count> <reads>
 * Prints "<ok> <failed> <elapsed-ms>" on stdout.
 */
#include <errno.h>
#include <modbus.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1000.0 + t.tv_nsec / 1e6;
}

int main(int argc, char **argv) {
  if (argc != 8) {
    fprintf(stderr, "usage: %s <device> <baud> <N|E|O> <unit-id> <address> <count> <reads>\n", argv[0]);
    return 2;
  }
  modbus_t *ctx = modbus_new_rtu(argv[1], atoi(argv[2]), argv[3][0], 8, 1);
  if (ctx == NULL || modbus_set_slave(ctx, atoi(argv[4])) == -1 || modbus_connect(ctx) == -1) {
    fprintf(stderr, "libmodbus: %s\n", modbus_strerror(errno));
    return 1;
  }
  modbus_set_response_timeout(ctx, 1, 0);
  int address = atoi(argv[5]);
  int count = atoi(argv[6]);
  int reads = atoi(argv[7]);
  uint16_t registers[125];
  int ok = 0;
  int failed = 0;
  double start = now_ms();
  for (int i = 0; i < reads; i++) {
    if (modbus_read_registers(ctx, address, count, registers) == count) {
      ok++;
    } else {
      failed++;
    }
  }
  printf("%d %d %.3f\n", ok, failed, now_ms() - start);
  modbus_close(ctx);
  modbus_free(ctx);
  return 0;
}
