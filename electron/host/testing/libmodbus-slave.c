/*
 * An independent Modbus RTU slave for interop tests: libmodbus answers on a serial device so our
 * master is checked against someone else's framing, CRC and exception handling.
 *
 * usage: libmodbus-slave <device> <baud> <N|E|O> <unit-id>
 * Tables (0-based wire addresses, 100 entries each):
 *   coils[i] = i % 3 == 0        discrete inputs[i] = i % 2 == 1
 *   holding[i] = 1000 + i        input registers[i] = 0xA000 + i
 * Prints "ready" on stdout once the port is open; serves until killed.
 */
#include <errno.h>
#include <modbus.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
  if (argc != 5) {
    fprintf(stderr, "usage: %s <device> <baud> <N|E|O> <unit-id>\n", argv[0]);
    return 2;
  }
  modbus_t *ctx = modbus_new_rtu(argv[1], atoi(argv[2]), argv[3][0], 8, 1);
  if (ctx == NULL) {
    fprintf(stderr, "modbus_new_rtu: %s\n", modbus_strerror(errno));
    return 1;
  }
  modbus_set_slave(ctx, atoi(argv[4]));
  modbus_mapping_t *map = modbus_mapping_new(100, 100, 100, 100);
  if (map == NULL) {
    fprintf(stderr, "modbus_mapping_new: %s\n", modbus_strerror(errno));
    return 1;
  }
  for (int i = 0; i < 100; i++) {
    map->tab_bits[i] = (i % 3 == 0);
    map->tab_input_bits[i] = (i % 2 == 1);
    map->tab_registers[i] = (uint16_t)(1000 + i);
    map->tab_input_registers[i] = (uint16_t)(0xA000 + i);
  }
  if (modbus_connect(ctx) == -1) {
    fprintf(stderr, "modbus_connect: %s\n", modbus_strerror(errno));
    return 1;
  }
  printf("ready\n");
  fflush(stdout);
  uint8_t query[MODBUS_RTU_MAX_ADU_LENGTH];
  for (;;) {
    int length = modbus_receive(ctx, query);
    if (length > 0) {
      modbus_reply(ctx, query, length, map);
    } else if (length == -1 && errno != EMBBADCRC && errno != EMBBADDATA && errno != ETIMEDOUT) {
      /* The line is gone (pty closed): stop rather than spin. */
      if (errno == EIO || errno == EBADF) {
        break;
      }
    }
  }
  modbus_mapping_free(map);
  modbus_close(ctx);
  modbus_free(ctx);
  return 0;
}
