import { describe, expect, test } from 'vitest';
import { DEFAULT_SEED, SeedError, buildSeed, parseSeedFile } from '../../src/emulator/index.js';

const none = { users: [], shops: [], tokens: [] };

describe('buildSeed', () => {
  test('nothing given: the documented demo account', () => {
    expect(buildSeed(none)).toStrictEqual(DEFAULT_SEED);
    expect(DEFAULT_SEED).toStrictEqual({
      users: [{ username: 'demo', password: 'demo' }],
      shops: [{ id: 1, name: 'Demo shop' }],
    });
  });

  test('flag users manage the flag shops; passwords and names may contain colons', () => {
    const seed = buildSeed({
      users: ['a:x:y', 'b:z'],
      shops: ['2:Two: the shop', '3:Three'],
      tokens: ['a:token-aaaa'],
    });
    expect(seed).toStrictEqual({
      users: [
        { username: 'a', password: 'x:y', shops: [2, 3], tokens: ['token-aaaa'] },
        { username: 'b', password: 'z', shops: [2, 3] },
      ],
      shops: [
        { id: 2, name: 'Two: the shop' },
        { id: 3, name: 'Three' },
      ],
    });
  });

  test('a user without --shop gets the default shop; shops without --user go to demo', () => {
    expect(buildSeed({ ...none, users: ['a:b'] }).shops).toStrictEqual([
      { id: 1, name: 'Demo shop' },
    ]);
    expect(buildSeed({ ...none, shops: ['9:Nine'] })).toStrictEqual({
      users: [{ username: 'demo', password: 'demo' }],
      shops: [{ id: 9, name: 'Nine' }],
    });
  });

  test('flags add to and override a seed file', () => {
    const file = {
      users: [{ username: 'a', password: 'old', shops: [1] }],
      shops: [{ id: 1, name: 'One' }],
    };
    const seed = buildSeed({ users: ['a:new'], shops: ['1:Uno'], tokens: [] }, file);
    expect(seed).toStrictEqual({
      users: [{ username: 'a', password: 'new', shops: [1] }],
      shops: [{ id: 1, name: 'Uno' }],
    });
  });

  test.each([
    [{ ...none, users: ['nocolon'] }, /--user expects NAME:PASSWORD/],
    [{ ...none, users: ['a:'] }, /--user expects NAME:PASSWORD/],
    [{ ...none, shops: ['0:Zero'] }, /positive integer/],
    [{ ...none, users: ['bad name:x'] }, /username "bad name"/],
    [{ ...none, tokens: ['demo:short'] }, /8 to 256 printable ASCII/],
    [
      { ...none, users: ['a:x', 'b:y'], tokens: ['a:same-token', 'b:same-token'] },
      /more than one user/,
    ],
  ])('refuses %j', (flags, message) => {
    expect(() => buildSeed(flags)).toThrow(SeedError);
    expect(() => buildSeed(flags)).toThrow(message);
  });
});

describe('parseSeedFile', () => {
  test('reads YAML and JSON', () => {
    const yaml =
      'shops:\n  - id: 1\n    name: One\nusers:\n  - username: u\n    password: p\n    tokens: [abcdefgh]\n';
    const expected = {
      shops: [{ id: 1, name: 'One' }],
      users: [{ username: 'u', password: 'p', tokens: ['abcdefgh'] }],
    };
    expect(parseSeedFile(yaml, 'seed.yaml')).toStrictEqual(expected);
    expect(parseSeedFile(JSON.stringify(expected), 'seed.json')).toStrictEqual(expected);
  });

  test.each([
    ['[1, 2]', /seed: the file: expected an object/],
    ['users: {}', /seed: users: expected a list/],
    ['shops: [{id: 1, name: x, colour: red}]', /seed: shops\[0\]: unknown key "colour"/],
    ['users: [{username: u, password: 123}]', /users\[0\]\.password: expected a string \(quote it/],
    ['users: [{username: u, password: p, shops: [2]}]', /which the seed does not define/],
    ['shops: [{id: 1, name: a}, {id: 1, name: b}]', /shop 1 is listed twice/],
    ['users: [{username: u, password: p}, {username: u, password: q}]', /user "u" is listed twice/],
    ['{ unclosed', /not valid YAML or JSON/],
  ])('refuses %j naming the problem', (text, message) => {
    expect(() => parseSeedFile(text, 'seed')).toThrow(message);
  });
});
