// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IRandomnessSource} from "./TaskMarket.sol";

/// @title drand's evmnet beacon, checked on chain, as the randomness of the market's draws (docs/decisions/0045)
/// @notice drand (the League of Entropy) signs each round number with a threshold BLS key every `period`
/// seconds; nobody short of a threshold of its operators can know or choose a round's signature before it is
/// published. evmnet signs on BN254 (scheme bls-bn254-unchained-on-g1): the signature is a G1 point over
/// keccak256(uint64 big-endian round) hashed to G1 by RFC 9380 (expand_message_xmd with keccak256, the
/// Shallue-van de Woestijne map, DST below), the group public key a G2 point. So it is checked with the
/// ecAdd and ecPairing precompiles (0x06, 0x08) and modexp (0x05), which every EVM since Byzantium has.
///
/// At submit the market asks this source to fix the round its task will draw from: the first round that
/// starts more than `lead` seconds after the submit block's time. Nobody (requester, block producer,
/// sequencer) knows that round's signature when the task is submitted; anyone may post it once drand
/// publishes it, and once verified it is stored for the round. A task whose round is never posted expires
/// when its draw window closes, as any undrawn task does.
contract DrandBeacon is IRandomnessSource {
    /// @dev BN254's base field modulus.
    uint256 private constant P = 0x30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd47;
    /// @dev The SvdW constants for y^2 = x^3 + 3 with Z = 1 (RFC 9380 section 6.6.1): g(Z) = 4,
    /// C2 = -Z / 2, C3 = sqrt(-g(Z) * 3 Z^2) with sgn0(C3) = 0, C4 = -4 g(Z) / (3 Z^2).
    uint256 private constant C2 = 0x183227397098d014dc2822db40c0ac2ecbc0b548b438e5469e10460b6c3e7ea3;
    uint256 private constant C3 = 0x16789af3a83522eb353c98fc6b36d713d5d8d1cc5dffffffa;
    uint256 private constant C4 = 0x10216f7ba065e00de81ac1e7808072c9dd2b2385cd7b438469602eb24829a9bd;
    /// @dev 2^256 mod P, to reduce the 48-byte field elements expand_message_xmd gives.
    uint256 private constant R256 = 0x0e0a77c19a07df2f666ea36f7879462c0a78eb28f5c70b3dd35d438dc58f0d9d;
    /// @dev The G2 generator in the precompile's order (x imaginary, x real, y imaginary, y real).
    uint256 private constant G2_XI = 0x198e9393920d483a7260bfb731fb5d25f1aa493335a9e71297e485b7aef312c2;
    uint256 private constant G2_XR = 0x1800deef121f1e76426a00665e5c4479674322d4f75edadd46debd5cd992f6ed;
    uint256 private constant G2_YI = 0x090689d0585ff075ec9e99ad690c3395bc4b313370b38ef355acdadcd122975b;
    uint256 private constant G2_YR = 0x12c85ea5db8c6deb4aab71808dcb408fe3d1e7690c43d37b4ce6cc0166fa7daa;
    bytes private constant DST = "BLS_SIG_BN254G1_XMD:KECCAK-256_SVDW_RO_NUL_";

    /// @notice drand's group key for the chain, as drand serves it: x imaginary, x real, y imaginary, y real.
    uint256 public immutable keyXi;
    uint256 public immutable keyXr;
    uint256 public immutable keyYi;
    uint256 public immutable keyYr;
    /// @notice When round 1 was published (unix seconds), and the seconds between rounds.
    uint64 public immutable genesis;
    uint64 public immutable period;
    /// @notice How far past the submit block's time the task's round lies: it covers a producer's or a
    /// sequencer's clock lagging real time, so that the round cannot already be public at submit.
    uint64 public immutable lead;

    /// @notice sha256 of the round's verified signature (drand's "randomness" of the round); zero: not posted.
    mapping(uint64 => bytes32) public roundRandomness;
    /// @notice The round that tasks with this target block draw from (fixed when the first is submitted).
    mapping(uint64 => uint64) public roundOf;

    event RoundFixed(uint64 indexed targetBlock, uint64 round);
    event BeaconPosted(uint64 indexed round, bytes32 randomness);

    constructor(uint256[4] memory groupKey, uint64 genesis_, uint64 period_, uint64 lead_) {
        require(period_ > 0 && genesis_ > 0, "Beacon: genesis and period must be positive");
        keyXi = groupKey[0];
        keyXr = groupKey[1];
        keyYi = groupKey[2];
        keyYr = groupKey[3];
        genesis = genesis_;
        period = period_;
        lead = lead_;
        // the pairing precompile refuses a G2 point off the curve or outside the group: e(G1, key) e(-G1, key) = 1
        require(_pairs(1, 2, keyXi, keyXr, keyYi, keyYr, 1, P - 2, keyXi, keyXr, keyYi, keyYr),
            "Beacon: the group key is not a BN254 G2 point");
    }

    /// @notice The first round that starts after `timestamp` (round r is published at genesis + (r - 1) period).
    function roundAfter(uint256 timestamp) public view returns (uint64) {
        if (timestamp < genesis) return 1;
        return uint64((timestamp - genesis) / period + 2);
    }

    /// @notice Fixes the round of the tasks whose target block is the next one. The market calls it at
    /// submit; anyone may, since the round follows from this block's time alone.
    function fix(uint64 targetBlock) external {
        require(targetBlock == block.number + 1, "Beacon: only the next block's round can be fixed, and only now");
        if (roundOf[targetBlock] != 0) return;
        uint64 round = roundAfter(block.timestamp + lead);
        roundOf[targetBlock] = round;
        emit RoundFixed(targetBlock, round);
    }

    function randomness(uint256, uint64 targetBlock) external view returns (bool ready, bytes32 value) {
        uint64 round = roundOf[targetBlock];
        if (round == 0) return (false, bytes32(0));
        value = roundRandomness[round];
        ready = value != bytes32(0);
    }

    function kind() external pure returns (string memory) {
        return "drand evmnet beacon, checked on chain (nobody can choose it)";
    }

    /// @notice Posts drand's signature of `round` (64 bytes: x and y of a G1 point, as drand's HTTP API serves
    /// it). Anyone may; it is stored once it verifies under the group key, and posting the stored signature
    /// again changes nothing.
    function post(uint64 round, bytes calldata signature) external {
        require(round > 0, "Beacon: drand's rounds start at 1");
        require(signature.length == 64, "Beacon: a signature is 64 bytes (x and y of a BN254 G1 point)");
        // a round has one signature (BLS is unique): the same one again changes nothing, any other is checked and refused
        if (roundRandomness[round] != bytes32(0) && roundRandomness[round] == sha256(signature)) return;
        uint256 x = uint256(bytes32(signature[0:32]));
        uint256 y = uint256(bytes32(signature[32:64]));
        require(x < P && y < P && mulmod(y, y, P) == addmod(mulmod(mulmod(x, x, P), x, P), 3, P),
            "Beacon: the signature is not a point of the BN254 curve");
        (uint256 hx, uint256 hy) = hashToG1(keccak256(abi.encodePacked(round)));
        // e(signature, G2) == e(H(round), key)  <=>  e(-signature, G2) e(H(round), key) == 1
        require(_pairs(x, P - y, G2_XI, G2_XR, G2_YI, G2_YR, hx, hy, keyXi, keyXr, keyYi, keyYr),
            "Beacon: not drand's signature of this round (forged, or the signature of another round)");
        bytes32 r = sha256(signature);
        roundRandomness[round] = r;
        emit BeaconPosted(round, r);
    }

    /// @notice RFC 9380 hash_to_curve (random oracle) of a 32-byte message to G1: two field elements from
    /// expand_message_xmd (keccak256, 136-byte blocks, 96 bytes out), each mapped by SvdW, then added.
    function hashToG1(bytes32 message) public view returns (uint256 x, uint256 y) {
        bytes memory dstPrime = abi.encodePacked(DST, uint8(DST.length));
        bytes32 b0 = keccak256(abi.encodePacked(new bytes(136), message, uint16(96), uint8(0), dstPrime));
        bytes32 b1 = keccak256(abi.encodePacked(b0, uint8(1), dstPrime));
        bytes32 b2 = keccak256(abi.encodePacked(b0 ^ b1, uint8(2), dstPrime));
        bytes32 b3 = keccak256(abi.encodePacked(b0 ^ b2, uint8(3), dstPrime));
        // u0 = bytes 0..47 = b1 || first half of b2, u1 = bytes 48..95 = second half of b2 || b3 (big-endian, mod P)
        uint256 u0 = addmod(mulmod(uint256(b1) >> 128, R256, P), (uint256(b1) << 128) | (uint256(b2) >> 128), P);
        uint256 u1 = addmod(mulmod(uint256(b2) & type(uint128).max, R256, P), uint256(b3), P);
        (uint256 x0, uint256 y0) = _map(u0);
        (uint256 x1, uint256 y1) = _map(u1);
        uint256[4] memory input = [x0, y0, x1, y1];
        uint256[2] memory out;
        bool ok;
        assembly ("memory-safe") {
            ok := staticcall(gas(), 0x06, input, 0x80, out, 0x40)
        }
        require(ok, "Beacon: ecAdd failed");
        return (out[0], out[1]);
    }

    /// @dev The SvdW map (RFC 9380 section 6.6.1) without constant time: the first of x1, x2, x3 whose
    /// g(x) is a square, and the root whose parity is u's.
    function _map(uint256 u) private view returns (uint256 x, uint256 y) {
        uint256 tv1 = mulmod(mulmod(u, u, P), 4, P);
        uint256 tv2 = addmod(1, tv1, P);
        tv1 = addmod(1, P - tv1, P);
        uint256 tv3 = _exp(mulmod(tv1, tv2, P), P - 2); // the inverse (0 for 0, as inv0 wants)
        uint256 tv4 = mulmod(mulmod(mulmod(u, tv1, P), tv3, P), C3, P);
        bool square;
        x = addmod(C2, P - tv4, P);
        (y, square) = _sqrt(_g(x));
        if (!square) {
            x = addmod(C2, tv4, P);
            (y, square) = _sqrt(_g(x));
        }
        if (!square) {
            x = mulmod(mulmod(tv2, tv2, P), tv3, P);
            x = addmod(mulmod(mulmod(x, x, P), C4, P), 1, P);
            (y, square) = _sqrt(_g(x));
        }
        if ((u & 1) != (y & 1)) y = P - y;
    }

    function _g(uint256 x) private pure returns (uint256) {
        return addmod(mulmod(mulmod(x, x, P), x, P), 3, P);
    }

    /// @dev P = 3 mod 4, so a^((P+1)/4) is a root of a whenever a is a square.
    function _sqrt(uint256 a) private view returns (uint256 root, bool square) {
        root = _exp(a, (P + 1) / 4);
        square = mulmod(root, root, P) == a;
    }

    function _exp(uint256 base, uint256 e) private view returns (uint256 r) {
        uint256[6] memory input = [uint256(32), 32, 32, base, e, P];
        uint256[1] memory out;
        bool ok;
        assembly ("memory-safe") {
            ok := staticcall(gas(), 0x05, input, 0xc0, out, 0x20)
        }
        require(ok, "Beacon: modexp failed");
        return out[0];
    }

    /// @dev e(a1, b1) e(a2, b2) == 1, points in the precompile's order; false if a point is invalid.
    function _pairs(uint256 a1x, uint256 a1y, uint256 b1xi, uint256 b1xr, uint256 b1yi, uint256 b1yr,
                    uint256 a2x, uint256 a2y, uint256 b2xi, uint256 b2xr, uint256 b2yi, uint256 b2yr)
        private view returns (bool)
    {
        uint256[12] memory input = [a1x, a1y, b1xi, b1xr, b1yi, b1yr, a2x, a2y, b2xi, b2xr, b2yi, b2yr];
        uint256[1] memory out;
        bool ok;
        assembly ("memory-safe") {
            ok := staticcall(gas(), 0x08, input, 0x180, out, 0x20)
        }
        return ok && out[0] == 1;
    }
}
