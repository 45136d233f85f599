// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Burnable} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Burnable.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";

/// @title POQ, the token of the Proof of Quality network.
/// @notice A fixed supply minted once to `holder`; fees, stakes and rewards move POQ, and slashes and
/// expired fees are burned (protocol v3, docs/decisions/0025): nobody can profit from an expiry or a
/// slash they caused.
contract PoqToken is ERC20, ERC20Burnable, ERC20Permit {
    constructor(address holder, uint256 supply) ERC20("PoQ Token", "POQ") ERC20Permit("PoQ Token") {
        _mint(holder, supply);
    }
}
